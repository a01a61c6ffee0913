package io.github.apitokenkit.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Where a created token value goes instead of the terminal: {@code --output FILE} or {@code --deliver COMMAND}. Every
 * command that makes or opens a value hands it here, and a value counts as delivered only when this returned: a
 * delivery that throws left it nowhere, and the caller takes the token back (revokes it again, {@link
 * Operation.Script}, {@link Rotation}) or says it could not. Nothing here prints a value, nor what a command printed.
 */
abstract class Delivery implements AutoCloseable {

    /** A token made (or opened) on a controller: what a delivery hands on. Any field but the value may be null. */
    static final class Made {
        final String url;
        final String user;
        final String name;
        final String uuid;
        final String value;

        Made(String url, String user, String name, String uuid, String value) {
            this.url = url;
            this.user = user;
            this.name = name;
            this.uuid = uuid;
            this.value = value;
            Text.keepOut(value);
        }
    }

    /** The delivery the command line asks for, ready before anything is sent; null for none (values are printed). */
    static Delivery of(Options options) throws LauncherException {
        if (options.output != null && options.deliver != null) {
            throw new LauncherException(ExitCode.USAGE, "give --output FILE or --deliver COMMAND, not both: a value goes to one place");
        }
        if (options.output != null) {
            return new ToFile(options.output);
        }
        return options.deliver == null ? null : new ToCommand(options.deliver, options.timeout);
    }

    /** The option that asked for it, for a message. */
    abstract String option();

    /** A fleet: each value goes with its controller's URL (--output puts it before the value on the value's line). */
    void forFleet(boolean fleet) {
    }

    /** What stands in the output where the value would be: "&lt;written to FILE&gt;". */
    abstract String note();

    /** Where a delivered value is, for a message: "in FILE". */
    abstract String where();

    /**
     * Hands the value on; returns null, or a note on something beside the value that did not go as planned (the
     * value was delivered all the same). Throws when the value was not delivered.
     */
    abstract String deliver(Made token) throws LauncherException;

    /** What holds of the delivery when no value was delivered, for a message; null when there is nothing to say. */
    abstract String unchanged();

    /** The value held now, before a rotation replaces it (a file's), or null when this delivery cannot read one. */
    String heldValue() {
        return null;
    }

    /** The {uuid, name} recorded with the value held now ({@link ToFile}), or null when there is none. */
    Map<?, ?> recorded() throws LauncherException {
        return null;
    }

    @Override
    public void close() {
    }

    /** What a failed delivery's message says: the value went nowhere. */
    static LauncherException undelivered(String why) {
        return new LauncherException(ExitCode.SCRIPT_FAILED, why);
    }

    /**
     * --output FILE: the values, a line each (prefixed with the controller's URL on a fleet), moved onto the file in one
     * step, 0600; and beside it, FILE.uuid, {uuid, name, sha256} of the token when the file holds exactly one, which a
     * later self rotate reads to know the token the file holds. FILE.uuid is removed before the file changes and written
     * after, by every command writing --output: it never describes another token than the file holds, and its sha256
     * (of the whole value) lets a reader check that.
     */
    static final class ToFile extends Delivery {
        private final String path;
        private boolean fleet;
        private final OutputFile valueFile;
        private final OutputFile uuidFile;
        private final List<String> lines = new ArrayList<>();

        ToFile(String path) throws LauncherException {
            this.path = path;
            this.valueFile = OutputFile.prepare(path);
            try {
                this.uuidFile = OutputFile.prepare(uuidPath(path), "--output (its .uuid)");
            } catch (LauncherException refused) {
                valueFile.close();
                throw refused;
            }
        }

        static String uuidPath(String path) {
            return path + ".uuid";
        }

        String path() {
            return path;
        }

        @Override
        String option() {
            return "--output";
        }

        @Override
        synchronized void forFleet(boolean fleet) {
            this.fleet = fleet;
        }

        @Override
        String note() {
            return "<written to " + path + ">";
        }

        @Override
        String where() {
            return "in " + path;
        }

        @Override
        String unchanged() {
            return path + " is as it was";
        }

        @Override
        synchronized String deliver(Made token) throws LauncherException {
            try {
                Files.deleteIfExists(Paths.get(uuidPath(path)));
            } catch (IOException e) {
                throw undelivered("cannot remove " + uuidPath(path) + " (" + e.getClass().getSimpleName() + "), which would describe another "
                        + "token than " + path + " holds: " + path + " was left as it was");
            }
            lines.add(fleet ? token.url + " " + token.value : token.value);
            try {
                valueFile.commit(String.join("\n", lines) + "\n");
            } catch (LauncherException e) {
                lines.remove(lines.size() - 1);
                throw undelivered(e.getMessage());
            }
            if (lines.size() != 1 || token.uuid == null) {
                return null;
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("uuid", token.uuid);
            record.put("name", token.name);
            record.put("sha256", sha256(token.value));
            try {
                uuidFile.commit(Json.write(record) + "\n");
                return null;
            } catch (LauncherException e) {
                return e.getMessage() + ": the next self rotate needs uuid= and name=";
            }
        }

        @Override
        String heldValue() {
            try {
                String held = Files.readString(Paths.get(path)).trim();
                return held.matches("(11)?[0-9a-f]{32}") ? held : null;
            } catch (IOException e) {
                return null;
            }
        }

        /**
         * FILE.uuid, checked against the value FILE holds: a record of another token (one an older kit left beside a
         * file another command rewrote) is refused, as revoking the uuid it names would destroy a token the file never held.
         */
        @Override
        Map<?, ?> recorded() throws LauncherException {
            Path file = Paths.get(uuidPath(path));
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            Object parsed;
            try {
                parsed = Json.parse(Main.read(file.toString(), "--output (its .uuid)"));
            } catch (IllegalArgumentException e) {
                throw new LauncherException(ExitCode.USAGE, file + " is not what --output writes beside a token (" + e.getMessage() + "); give uuid= and name=");
            }
            String held = heldValue();
            if (!(parsed instanceof Map) || held == null || !sha256(held).equals(((Map<?, ?>) parsed).get("sha256"))) {
                throw new LauncherException(ExitCode.USAGE, file + " does not describe the token " + path + " holds (written for another value, "
                        + "or by an older kit): give the old token's uuid= and name=; nothing was changed");
            }
            return (Map<?, ?>) parsed;
        }

        @Override
        public void close() {
            valueFile.close();
            uuidFile.close();
        }
    }

    /**
     * --deliver COMMAND: each value on the standard input of its own run of {@code /bin/sh -c COMMAND}, alone, without
     * a newline; never in its arguments, its environment or a file. Its environment tells it which token it gets
     * (API_TOKEN_KIT_URL, _USER, _NAME, _UUID). A run counts as delivered only when it exits 0 within --timeout; what it
     * prints is discarded unread, as a store's error may quote what it was given.
     */
    static final class ToCommand extends Delivery {
        /** Words the shell runs itself: nothing to find on PATH for them. */
        private static final Set<String> SHELL_WORDS = Set.of("cd", "exec", "set", "export", "if", "for", "while", "case", "test", "[", "{", "(",
                "eval", ".", "read", "umask", "true", "false", "printf", "echo", "command", "!");
        private final String command;
        private final int timeoutSeconds;

        ToCommand(String command, int timeoutSeconds) throws LauncherException {
            if (command.isBlank()) {
                throw new LauncherException(ExitCode.USAGE, "--deliver needs a command, such as 'pass insert -m jenkins/deploy'");
            }
            String refusal = Text.refusal("--deliver", command);
            if (refusal != null) {
                throw new LauncherException(ExitCode.USAGE, refusal.replace("parameter --deliver", "--deliver"));
            }
            // The program the shell runs first, when it is a plain word: one that is not on PATH is refused before a token exists.
            String first = command.trim().split("[\\s;&|()<>]+")[0];
            if (!first.isEmpty() && !SHELL_WORDS.contains(first) && !first.contains("=") && !first.matches(".*['\"$`\\\\].*") && !found(first)) {
                throw new LauncherException(ExitCode.USAGE, "--deliver: " + Text.quote(first) + " is not a command on PATH here; nothing was sent");
            }
            this.command = command;
            this.timeoutSeconds = timeoutSeconds;
        }

        @Override
        String option() {
            return "--deliver";
        }

        private static boolean found(String program) {
            if (program.contains("/")) {
                return Files.isExecutable(Paths.get(program));
            }
            String path = System.getenv("PATH");
            for (String folder : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
                if (!folder.isEmpty() && Files.isExecutable(Paths.get(folder, program))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        String note() {
            return "<delivered to the --deliver command>";
        }

        @Override
        String where() {
            return "delivered by the --deliver command";
        }

        @Override
        String unchanged() {
            return null;
        }

        @Override
        String deliver(Made token) throws LauncherException {
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> env = builder.environment();
            put(env, "API_TOKEN_KIT_URL", token.url);
            put(env, "API_TOKEN_KIT_USER", token.user);
            put(env, "API_TOKEN_KIT_NAME", token.name);
            put(env, "API_TOKEN_KIT_UUID", token.uuid);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw undelivered("the --deliver command could not be started (" + e.getClass().getSimpleName() + ")");
            }
            boolean unread = false;
            try (OutputStream in = process.getOutputStream()) {
                in.write(token.value.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // The command closed its input first: it did not take the value, whatever it exits with.
                unread = true;
            }
            int status;
            try {
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    stop(process);
                    throw undelivered("the --deliver command did not finish within " + timeoutSeconds + " s (--timeout) and was stopped" + unshown());
                }
                status = process.exitValue();
            } catch (InterruptedException e) {
                stop(process);
                Thread.currentThread().interrupt();
                throw undelivered("interrupted while the --deliver command ran; it was stopped");
            }
            if (status == 127) {
                throw undelivered("the --deliver command was not found by the shell (exit status 127)" + unshown());
            }
            if (status > 128 && status < 128 + 65) {
                throw undelivered("the --deliver command died on signal " + (status - 128) + unshown());
            }
            if (status != 0) {
                throw undelivered("the --deliver command exited with status " + status + unshown());
            }
            if (unread) {
                throw undelivered("the --deliver command exited 0 without reading the value from its standard input");
            }
            return null;
        }

        private static String unshown() {
            return " (what it printed is not shown: it may quote the value; run it by hand to see why)";
        }

        private static void put(Map<String, String> env, String name, String value) {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        }

        /** The command and everything it started: a hung store client must not outlive the launcher holding the value. */
        private static void stop(Process process) {
            for (java.util.Iterator<ProcessHandle> started = process.descendants().iterator(); started.hasNext(); ) {
                started.next().destroyForcibly();
            }
            process.destroyForcibly();
        }
    }

    /** SHA-256 of the value's ASCII, as hex: what FILE.uuid records to show which value it describes. */
    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
