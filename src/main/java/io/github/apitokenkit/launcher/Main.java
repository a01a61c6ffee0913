package io.github.apitokenkit.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The api-token-kit launcher: runs a bundled script (or any kit-style script) on one Jenkins or a fleet through
 * /scriptText, or manages the caller's own tokens through the token endpoints. {@code main} only exits with what
 * {@link #run} returns, so specs call {@code run} directly. The steps are their own classes: {@link Inputs} gathers
 * what the command line asks for, {@link Fleet} runs it on each controller, {@link Report} prints the outcomes, and
 * {@link Help} is what --help prints.
 */
public final class Main {
    /** The scripts packed into the jar under /scripts; MainSpec keeps this list equal to scripts/. */
    static final List<String> BUNDLED_SCRIPTS = List.of(
            "audit-api-tokens", "audit-legacy-api-tokens", "change-legacy-api-token", "create-api-token", "list-api-tokens", "prune-api-tokens",
            "revoke-api-tokens", "revoke-leaked-api-token", "revoke-legacy-api-tokens", "rotate-api-token", "seed-api-token", "set-api-token-settings",
            "show-legacy-api-token");

    /** Reads a user name and a secret at a terminal; null when no terminal is attached. */
    interface Prompt {
        Credentials ask(String url);
    }

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv(), Inputs.terminalPrompt()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Prompt prompt) {
        try {
            return runOrThrow(args, out, err, env, prompt);
        } catch (LauncherException e) {
            return refused(args, out, err, e.exitCode, e.getMessage());
        } catch (RuntimeException | Error e) {
            // Never a stack trace: one line, and nothing more is printed (a token value could be part of what was under way).
            return refused(args, out, err, ExitCode.SCRIPT_FAILED, "unexpected " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + JenkinsClient.firstLine(e.getMessage()))
                    + "; this is a launcher bug: please report it with the command that was run (no secrets)");
        }
    }

    /**
     * A failure before any controller answered: one line on stderr, and with --json the same object every other exit
     * path prints (its url null), so a program reading stdout always gets one. --json is looked for in the raw
     * arguments: the command line itself may be what was refused.
     */
    private static int refused(String[] args, PrintStream out, PrintStream err, int exitCode, String error) {
        err.println(failureLine(error));
        boolean json = false;
        for (String arg : args) {
            json |= arg.equals("--json") || arg.startsWith("--json=");
        }
        if (json) {
            out.println(Json.write(Outcome.json(null, exitCode, null, error)));
        }
        return exitCode;
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
            out.print(options.command == null ? Help.usage() : Help.commandHelp(options.command));
            return ExitCode.OK;
        }
        if (options.command.equals("render")) {
            return Offline.render(options, out, err);
        }
        if (options.command.equals("open")) {
            return Offline.open(options, System.in, out, err);
        }
        if (options.command.equals("report")) {
            return Offline.report(options);
        }
        if (!options.command.equals("self")) {
            prepareScriptsAhead();
        }
        Inputs.readParameterFiles(options, err);
        // Ready before anything is sent: a file that cannot be written, or a command not found, is found before a token exists.
        // --report's file too: a path that cannot be written is refused before any controller is asked.
        try (Delivery delivery = Delivery.of(options);
             OutputFile report = options.report == null ? null : OutputFile.prepare(options.report, "--report")) {
            Operation operation = Inputs.operation(options, delivery);
            Inventory.Gather gather = report == null ? null : new Inventory.Gather(operation, options.parameters);
            return run(gather == null ? operation : gather, delivery, options, env, prompt, out, err, gather, report);
        }
    }

    private static int run(Operation operation, Delivery delivery, Options options, Map<String, String> env, Prompt prompt, PrintStream out,
                           PrintStream err, Inventory.Gather gather, OutputFile report) throws LauncherException {
        List<URL> urls = Inputs.urls(options, env);
        if (operation.rotates() && delivery instanceof Delivery.ToFile && urls.size() > 1) {
            throw new LauncherException(ExitCode.USAGE, "--output holds one token in a rotation, written before the next phase: give one controller, "
                    + "or --deliver a command that stores each controller's");
        }
        if (delivery != null) {
            delivery.forFleet(urls.size() > 1);
        }
        Credentials credentials = Inputs.credentials(options, env, prompt, urls.get(0).toString(), err);
        Inputs.warnAboutTransport(options, urls, credentials, err);
        TlsSettings tls = TlsSettings.of(options);
        AuditLog auditLog = options.auditLog == null ? null : AuditLog.open(options.auditLog);
        PrintStream verbose = options.verbose ? err : null;
        List<Outcome> outcomes = Fleet.runEverywhere(operation, urls, credentials, options, tls, verbose, err);
        int exit = Report.print(outcomes, options, out, err);
        if (report != null) {
            // Written whatever each controller answered: a controller that failed is on the page with its reason.
            try {
                report.commit(InventoryPage.render(Inventory.of(outcomes, gather.listings).controllers(), new InventoryPage.Made(java.time.Instant.now(),
                        System.getProperty("user.name"), "audit-api-tokens and list-api-tokens on " + urls.size() + (urls.size() == 1 ? " controller" : " controllers"),
                        Offline.policyLine(options))));
                err.println("api-token-kit: the inventory page is in " + options.report);
            } catch (LauncherException e) {
                err.println(failureLine(e.getMessage()));
                exit = Math.max(exit, e.exitCode);
            }
        }
        if (auditLog != null) {
            try {
                auditLog.append(outcomes);
            } catch (LauncherException e) {
                err.println(failureLine(e.getMessage()));
                exit = Math.max(exit, e.exitCode);
            }
        }
        return exit;
    }

    /**
     * Gets {@link RemoteScript} ready on a thread of its own, for a command that posts a script: its first nonce seeds
     * a SecureRandom, which a cold JVM takes some 25 ms over (loading the security providers a sealing key needs too),
     * and the class itself starts with regular expressions to compile. The main thread reads the script and its header
     * meanwhile; the first {@link RemoteScript#newNonce} it asks for waits for this one if it must.
     */
    private static void prepareScriptsAhead() {
        Thread ahead = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    RemoteScript.newNonce();
                } catch (RuntimeException | Error e) {
                    // Never a stack trace: the main thread's own first nonce meets the same failure and reports it.
                }
            }
        }, "api-token-kit nonce");
        ahead.setDaemon(true);
        ahead.start();
    }

    /**
     * A failure as the one line it is printed as. Messages carry what came from outside (a URL, a header, an answer's
     * first line, a file name): shown here, in one place, no character of it can break the line or fake another, and
     * nothing shaped like a token value is left in it.
     */
    static String failureLine(String message) {
        return "api-token-kit: " + Text.shown(Text.scrubbed(String.valueOf(message)));
    }

    /** A file the user named (a script, --auth @FILE, --urls, --param-file, --cacert), or one line saying why it cannot be read. */
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
