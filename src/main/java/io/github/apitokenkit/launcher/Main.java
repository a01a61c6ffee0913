package io.github.apitokenkit.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The api-token-kit launcher: runs a bundled script (or any kit-style script) on one Jenkins or a fleet through
 * /scriptText, or manages the caller's own tokens through the token endpoints. {@code main} only exits with what
 * {@link #run} returns, so specs call {@code run} directly.
 */
public final class Main {
    /** The scripts packed into the jar under /scripts; ScriptConventionsSpec keeps this list equal to scripts/. */
    static final List<String> BUNDLED_SCRIPTS = List.of(
            "audit-legacy-api-tokens", "change-legacy-api-token", "create-api-token", "list-api-tokens", "prune-api-tokens",
            "revoke-api-tokens", "revoke-legacy-api-tokens", "rotate-api-token", "seed-api-token", "set-api-token-settings",
            "show-legacy-api-token");

    /** Reads a user name and a secret at a terminal; null when no terminal is attached. */
    interface Prompt {
        Credentials ask(String url);
    }

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv(), terminalPrompt()));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv(), null);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Prompt prompt) {
        try {
            return runOrThrow(args, out, err, env, prompt);
        } catch (LauncherException e) {
            err.println(failureLine(e.getMessage()));
            return e.exitCode;
        } catch (RuntimeException | Error e) {
            // Never a stack trace: one line, and nothing more is printed (a token value could be part of what was under way).
            err.println(failureLine("unexpected " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + JenkinsClient.firstLine(e.getMessage()))
                    + "; this is a launcher bug: please report it with the command that was run (no secrets)"));
            return ExitCode.SCRIPT_FAILED;
        }
    }

    private static int runOrThrow(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Prompt prompt) throws LauncherException {
        Options options = Options.parse(args);
        if (options.version) {
            out.println("api-token-kit " + version());
            return ExitCode.OK;
        }
        if (options.help || options.command == null) {
            if (options.command == null && !options.help) {
                throw new LauncherException(ExitCode.USAGE, "no command given; try --help");
            }
            out.print(options.command == null ? usage() : commandHelp(options.command));
            return ExitCode.OK;
        }
        readParameterFiles(options, err);
        Operation operation = operation(options);
        List<URL> urls = urls(options, env);
        Credentials credentials = credentials(options, env, prompt, urls.get(0).toString(), err);
        warnAboutTransport(options, urls, credentials, err);
        TlsSettings tls = TlsSettings.of(options);
        try (OutputFile output = options.output == null ? null : OutputFile.prepare(options.output)) {
            PrintStream verbose = options.verbose ? err : null;
            List<Outcome> outcomes = runEverywhere(operation, urls, credentials, options, tls, verbose, err);
            return report(outcomes, options, output, out, err);
        }
    }

    /**
     * A failure as the one line it is printed as. Messages carry what came from outside (a URL, a header, an answer's
     * first line, a file name): shown here, in one place, no character of it can break the line or fake another.
     */
    static String failureLine(String message) {
        return "api-token-kit: " + Text.shown(String.valueOf(message));
    }

    /** Values from --param-file (trailing newlines dropped); a token value given inline is warned about. */
    private static void readParameterFiles(Options options, PrintStream err) throws LauncherException {
        if (options.parameters.containsKey("value")) {
            err.println("api-token-kit: warning: a value given as value=... on the command line is visible to other local users "
                    + "(process list, shell history); prefer --param-file value=FILE");
        }
        for (Map.Entry<String, String> entry : options.parameterFiles.entrySet()) {
            if (options.parameters.containsKey(entry.getKey())) {
                throw new LauncherException(ExitCode.USAGE, "parameter " + entry.getKey() + " given twice");
            }
            options.parameters.put(entry.getKey(), read(entry.getValue(), "--param-file " + entry.getKey()).replaceAll("[\\r\\n]+$", ""));
        }
    }

    /** A file the user named, or one line saying why it cannot be read. */
    static String read(String path, String what) throws LauncherException {
        Path file = Paths.get(path);
        if (!Files.exists(file)) {
            throw new LauncherException(ExitCode.USAGE, what + ": the file " + Text.quote(path) + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new LauncherException(ExitCode.USAGE, what + ": " + Text.quote(path) + " is a folder, not a file");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LauncherException(ExitCode.USAGE, what + ": cannot read " + Text.quote(path) + " (" + e.getClass().getSimpleName()
                    + (Files.isReadable(file) ? ": is it UTF-8 text?" : ": you may not read it") + ")");
        }
    }

    private static Operation operation(Options options) throws LauncherException {
        String command = options.command;
        if (command.equals("self")) {
            if (options.positional.size() != 1 || !Operation.Self.ACTIONS.contains(options.positional.get(0))) {
                throw new LauncherException(ExitCode.USAGE, "self takes one of generate, revoke, rename; try: help self");
            }
            return new Operation.Self(options.positional.get(0), options.parameters);
        }
        if (command.equals("run")) {
            if (options.positional.size() != 1) {
                throw new LauncherException(ExitCode.USAGE, "run takes one script file: run FILE.groovy [name=value ...]");
            }
            Path file = Paths.get(options.positional.get(0));
            return new Operation.Script(file.getFileName().toString().replaceAll("\\.groovy$", ""),
                    read(options.positional.get(0), "run"), options.parameters);
        }
        if (!options.positional.isEmpty()) {
            throw new LauncherException(ExitCode.USAGE, "parameters are name=value, not " + Text.quote(options.positional.get(0)));
        }
        return new Operation.Script(command, bundledScript(command), options.parameters);
    }

    static String bundledScript(String name) throws LauncherException {
        if (!BUNDLED_SCRIPTS.contains(name)) {
            String nearest = nearestCommand(name);
            throw new LauncherException(ExitCode.USAGE, "unknown command " + Text.quote(name) + (nearest == null ? "" : " (did you mean " + nearest + "?)")
                    + "; the commands are " + String.join(", ", BUNDLED_SCRIPTS) + ", run, self; try --help");
        }
        try (InputStream in = Main.class.getResourceAsStream("/scripts/" + name + ".groovy")) {
            if (in == null) {
                throw new LauncherException(ExitCode.USAGE, "the script " + name + " is missing from this build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LauncherException(ExitCode.USAGE, "cannot read the script " + name + ": " + e.getMessage());
        }
    }

    private static List<URL> urls(Options options, Map<String, String> env) throws LauncherException {
        List<String> given = new ArrayList<>(options.urls);
        if (options.urlsFile != null) {
            for (String line : read(options.urlsFile, "--urls").split("\n")) {
                if (!line.isBlank() && !line.trim().startsWith("#")) {
                    given.add(line.trim());
                }
            }
        }
        if (given.isEmpty() && env.get("JENKINS_URL") != null && !env.get("JENKINS_URL").isBlank()) {
            given.add(env.get("JENKINS_URL"));
        }
        if (given.isEmpty()) {
            throw new LauncherException(ExitCode.USAGE, "no Jenkins URL: give --url URL (or --urls FILE), or set JENKINS_URL");
        }
        List<URL> urls = new ArrayList<>();
        for (String url : given) {
            urls.add(JenkinsClient.normalize(url));
        }
        return urls;
    }

    private static Credentials credentials(Options options, Map<String, String> env, Prompt prompt, String url, PrintStream err)
            throws LauncherException {
        if (options.auth != null) {
            if (options.auth.startsWith("@")) {
                return Credentials.parse(read(options.auth.substring(1), "--auth").trim(), options.auth);
            }
            err.println("api-token-kit: warning: a secret given with --auth on the command line is visible to other local users "
                    + "(process list, shell history); prefer --auth @FILE or JENKINS_USER_ID and JENKINS_API_TOKEN");
            return Credentials.parse(options.auth, "--auth");
        }
        String user = env.get("JENKINS_USER_ID");
        String token = env.get("JENKINS_API_TOKEN");
        if ((user == null) != (token == null)) {
            throw new LauncherException(ExitCode.USAGE, "set both JENKINS_USER_ID and JENKINS_API_TOKEN, or neither");
        }
        if (user != null) {
            return new Credentials(user, token.toCharArray());
        }
        return prompt == null ? null : prompt.ask(url);
    }

    static void warnAboutTransport(Options options, List<URL> urls, Credentials credentials, PrintStream err) {
        if (options.insecure) {
            err.println("api-token-kit: warning: --insecure: TLS certificates and host names are not checked; anyone on the network "
                    + "path can read the credentials and the answers");
        }
        if (credentials == null) {
            return;
        }
        for (URL url : urls) {
            if (url.getProtocol().equals("http") && !isLoopback(url.getHost())) {
                err.println("api-token-kit: warning: " + url + " is plain HTTP: the credentials travel unencrypted to " + url.getHost());
            }
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Outcome> runEverywhere(Operation operation, List<URL> urls, Credentials credentials, Options options,
                                               TlsSettings tls, PrintStream verbose, PrintStream err) throws LauncherException {
        if (urls.size() == 1) {
            return List.of(runOne(operation, urls.get(0), credentials, options, tls, verbose));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallel, urls.size()));
        try {
            ExecutorCompletionService<Outcome> completion = new ExecutorCompletionService<>(pool);
            for (URL url : urls) {
                completion.submit(() -> runOne(operation, url, credentials, options, tls, verbose));
            }
            Map<String, Outcome> byUrl = new LinkedHashMap<>();
            for (int done = 1; done <= urls.size(); done++) {
                Outcome outcome = completion.take().get();
                byUrl.put(outcome.url, outcome);
                err.println("[" + done + "/" + urls.size() + "] " + outcome.url + ": " + (outcome.ok() ? "ok" : "failed (" + Text.shown(outcome.error) + ")"));
            }
            List<Outcome> ordered = new ArrayList<>();
            for (URL url : urls) {
                ordered.add(byUrl.get(url.toString()));
            }
            return ordered;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException(ExitCode.NETWORK, "interrupted");
        } catch (ExecutionException e) {
            throw new LauncherException(ExitCode.NETWORK, "unexpected failure: " + e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome runOne(Operation operation, URL url, Credentials credentials, Options options, TlsSettings tls, PrintStream verbose) {
        try {
            return operation.run(new JenkinsClient(url, credentials, options.timeout, tls, verbose));
        } catch (LauncherException e) {
            return Outcome.failed(url.toString(), e.exitCode, e.getMessage());
        } catch (RuntimeException e) {
            return Outcome.failed(url.toString(), ExitCode.SCRIPT_FAILED, "unexpected " + e.getClass().getName() + "; this is a launcher bug: please report it");
        }
    }

    private static int report(List<Outcome> outcomes, Options options, OutputFile output, PrintStream out, PrintStream err) {
        boolean fleet = outcomes.size() > 1;
        List<Outcome> shown = new ArrayList<>();
        List<String> secretLines = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            for (String secret : outcome.secrets.values()) {
                secretLines.add(fleet ? outcome.url + " " + secret : secret);
            }
            shown.add(output == null || outcome.secrets.isEmpty() ? outcome.shown(null) : outcome.shown("<written to " + options.output + ">"));
        }
        if (output != null && !secretLines.isEmpty()) {
            try {
                output.commit(String.join("\n", secretLines) + "\n");
            } catch (LauncherException e) {
                // The tokens exist now: losing their values would be worse than showing them here, once.
                err.println(failureLine(e.getMessage() + "; the values follow instead"));
                shown.clear();
                outcomes.forEach(outcome -> shown.add(outcome.shown(null)));
            }
        }
        int exit = ExitCode.OK;
        List<Object> json = new ArrayList<>();
        for (Outcome outcome : shown) {
            exit = Math.max(exit, outcome.exitCode);
            if (options.json) {
                json.add(fleet ? outcome.toJson() : outcome.ok() ? outcome.value : outcome.toJson());
                if (!fleet && !outcome.ok()) {
                    err.println(failureLine(outcome.error));
                }
            } else {
                if (fleet) {
                    out.println("== " + outcome.url);
                }
                if (outcome.ok()) {
                    out.print(outcome.text);
                } else if (fleet) {
                    out.println("ERROR: " + Text.shown(outcome.error));
                } else {
                    err.println(failureLine(outcome.error));
                }
            }
        }
        if (options.json) {
            out.println(Json.write(fleet ? json : json.get(0)));
        }
        return exit;
    }

    private static Prompt terminalPrompt() {
        if (System.console() == null) {
            return null;
        }
        return url -> {
            String user = System.console().readLine("User for %s: ", url);
            char[] secret = System.console().readPassword("API token (or password) for %s: ", user);
            return user == null || secret == null ? null : new Credentials(user, secret);
        };
    }

    static String usage() {
        return String.join("\n",
                "Usage: java -jar api-token-kit.jar [options] COMMAND [name=value ...]",
                "",
                "Commands:",
                "  " + String.join(", ", BUNDLED_SCRIPTS),
                "                     a bundled script, run through /scriptText; 'help COMMAND' shows its parameters",
                "  run FILE.groovy    another script that ends with the kit's runtime block, same parameter passing",
                "  self generate [name=NAME] [expires=DAYS|DATE|never]   a new token for yourself, through the REST endpoint",
                "  self revoke uuid=UUID                                 revoke one of your tokens",
                "  self rename uuid=UUID name=NAME                       rename one of your tokens",
                "  help [COMMAND]     this text, or a command's",
                "",
                "Options:",
                "  --url URL          Jenkins's root URL, context path included; repeat it for a fleet (default: $JENKINS_URL)",
                "  --urls FILE        a file of URLs, one a line, for a fleet",
                "  --parallel N       controllers at a time in a fleet (default 4)",
                "  --auth USER:SECRET | --auth @FILE",
                "                     an API token (or a password); default: $JENKINS_USER_ID and $JENKINS_API_TOKEN, else a prompt",
                "  --timeout SECONDS  for connecting and for each answer (default 30)",
                "  --cacert FILE      trust the certificate authorities in this PEM file",
                "  --insecure         trust any certificate (warned about every time)",
                "  --json             machine-readable output",
                "  --output FILE      write created token values to FILE (mode 0600) instead of printing them",
                "  --param-file NAME=FILE  a parameter's value read from a file (for seed-api-token's value, say)",
                "  --verbose          show each request and answer on stderr (credentials and token values never shown)",
                "  --version, --help",
                "",
                "Created token values travel sealed: the launcher sends a fresh public key, the script encrypts each value",
                "with it, and only the launcher opens it, so Jenkins never holds the plaintext in the script or its output.",
                "",
                ExitCode.HELP);
    }

    static String commandHelp(String command) throws LauncherException {
        if (command.equals("help")) {
            return usage();
        }
        if (command.equals("self")) {
            return String.join("\n",
                    "Usage: java -jar api-token-kit.jar [options] self generate|revoke|rename [name=value ...]",
                    "",
                    "Your own tokens, through Jenkins's token endpoints (as the user of --auth), no script involved:",
                    "  self generate [name=NAME] [expires=DAYS|DATE|never]   a new token; its value is printed once (or goes to --output)",
                    "  self revoke uuid=UUID                                 revoke one of your tokens",
                    "  self rename uuid=UUID name=NAME                       rename one of your tokens",
                    "expires: a number of days from 0 to 36500, a date like 2027-01-31, or never (the default); Jenkins 2.548 or newer.",
                    "",
                    "Example:    java -jar api-token-kit.jar --auth @admin.auth self generate name=laptop expires=30 --output laptop.token",
                    "",
                    ExitCode.HELP);
        }
        if (command.equals("run")) {
            return String.join("\n",
                    "Usage: java -jar api-token-kit.jar [options] run FILE.groovy [name=value ...]",
                    "",
                    "Runs a script of your own the way the bundled ones run: its parameters travel as data, its result comes back",
                    "in the kit's envelope. The script must end with the kit's runtime block (a copy of scripts/lib/runtime.groovy)",
                    "and do its work in new ApiTokenKit(binding).run(defaults, formats) { kit, p -> [result: ..., text: ...] }.",
                    "",
                    "Example:    java -jar api-token-kit.jar run my-report.groovy user=alice",
                    "",
                    ExitCode.HELP);
        }
        String source = bundledScript(command);
        int end = source.indexOf("*/");
        StringBuilder help = new StringBuilder("Usage: java -jar api-token-kit.jar [options] " + command + " [name=value ...]\n\n");
        for (String line : source.substring(0, end).split("\n")) {
            if (line.startsWith("/*")) {
                continue;
            }
            String text = line.replaceFirst("^ \\* ?", "");
            if (text.startsWith("Example:")) {
                String parameters = commandLine(text.substring("Example:".length()).trim());
                text = "Example:    java -jar api-token-kit.jar " + command + (parameters.isEmpty() ? "" : " " + parameters);
            }
            help.append(text).append('\n');
        }
        return help.append('\n').append(ExitCode.HELP).toString();
    }

    private static final Pattern EXAMPLE_PARAMETER = Pattern.compile("(\\w+)\\s*:\\s*('([^']*)'|[^,\\s]+)");

    /** A header's example, written as the Script Console's map ({@code user: 'svc', dryRun: false}), as command-line parameters. */
    static String commandLine(String mapEntries) {
        StringJoiner line = new StringJoiner(" ");
        Matcher m = EXAMPLE_PARAMETER.matcher(mapEntries);
        while (m.find()) {
            String value = m.group(3) != null ? m.group(3) : m.group(2);
            line.add(m.group(1) + "=" + (value.matches("[A-Za-z0-9._:/@,-]+") ? value : "'" + value.replace("'", "'\\''") + "'"));
        }
        return line.toString();
    }

    /** The command closest to a mistyped one, or null when none is close. */
    static String nearestCommand(String typed) {
        List<String> commands = new ArrayList<>(BUNDLED_SCRIPTS);
        commands.addAll(List.of("run", "self", "help"));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String command : commands) {
            int distance = editDistance(typed.toLowerCase(Locale.ROOT), command);
            if (distance < bestDistance) {
                best = command;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, typed.length() / 4) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/io/github/apitokenkit/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
