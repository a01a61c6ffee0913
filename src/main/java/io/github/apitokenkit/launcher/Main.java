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
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

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
            if (options.output != null) {
                writePrivately(Paths.get(options.output), "");
            }
            TlsSettings tls = TlsSettings.of(options);
            PrintStream verbose = options.verbose ? err : null;
            List<Outcome> outcomes = runEverywhere(operation, urls, credentials, options, tls, verbose, err);
            return report(outcomes, options, out, err);
        } catch (LauncherException e) {
            err.println("api-token-kit: " + e.getMessage());
            return e.exitCode;
        }
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
            try {
                options.parameters.put(entry.getKey(), Files.readString(Paths.get(entry.getValue()), StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", ""));
            } catch (IOException e) {
                throw new LauncherException(ExitCode.USAGE, "cannot read --param-file " + entry.getKey() + "=" + entry.getValue() + ": " + e.getMessage());
            }
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
            try {
                return new Operation.Script(file.getFileName().toString().replaceAll("\\.groovy$", ""),
                        Files.readString(file, StandardCharsets.UTF_8), options.parameters);
            } catch (IOException e) {
                throw new LauncherException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
            }
        }
        if (!options.positional.isEmpty()) {
            throw new LauncherException(ExitCode.USAGE, "parameters are name=value, not '" + options.positional.get(0) + "'");
        }
        return new Operation.Script(command, bundledScript(command), options.parameters);
    }

    static String bundledScript(String name) throws LauncherException {
        if (!BUNDLED_SCRIPTS.contains(name)) {
            throw new LauncherException(ExitCode.USAGE, "unknown command '" + name + "'; the commands are " + String.join(", ", BUNDLED_SCRIPTS)
                    + ", run, self; try --help");
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
            try {
                for (String line : Files.readAllLines(Paths.get(options.urlsFile), StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && !line.trim().startsWith("#")) {
                        given.add(line.trim());
                    }
                }
            } catch (IOException e) {
                throw new LauncherException(ExitCode.USAGE, "cannot read --urls " + options.urlsFile + ": " + e.getMessage());
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
                try {
                    return Credentials.parse(Files.readString(Paths.get(options.auth.substring(1)), StandardCharsets.UTF_8).trim(), options.auth);
                } catch (IOException e) {
                    throw new LauncherException(ExitCode.USAGE, "cannot read credentials from " + options.auth + ": " + e.getMessage());
                }
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
                err.println("[" + done + "/" + urls.size() + "] " + outcome.url + ": " + (outcome.ok() ? "ok" : "failed (" + outcome.error + ")"));
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
            return operation.run(new JenkinsClient(url, credentials, options.timeout, tls.socketFactory, tls.hostnameVerifier, verbose));
        } catch (LauncherException e) {
            return Outcome.failed(url.toString(), e.exitCode, e.getMessage());
        }
    }

    private static int report(List<Outcome> outcomes, Options options, PrintStream out, PrintStream err) throws LauncherException {
        boolean fleet = outcomes.size() > 1;
        List<Outcome> shown = new ArrayList<>();
        List<String> secretLines = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (options.output != null && !outcome.secrets.isEmpty()) {
                for (String secret : outcome.secrets) {
                    secretLines.add(fleet ? outcome.url + " " + secret : secret);
                }
                shown.add(outcome.withSecretsReplaced("<written to " + options.output + ">"));
            } else {
                shown.add(outcome);
            }
        }
        if (!secretLines.isEmpty()) {
            try {
                writePrivately(Paths.get(options.output), String.join("\n", secretLines) + "\n");
            } catch (LauncherException e) {
                // The tokens exist now: losing their values would be worse than showing them here, once.
                err.println("api-token-kit: " + e.getMessage() + "; the values follow instead");
                shown = outcomes;
            }
        }
        int exit = ExitCode.OK;
        List<Object> json = new ArrayList<>();
        for (Outcome outcome : shown) {
            exit = Math.max(exit, outcome.exitCode);
            if (options.json) {
                json.add(fleet ? outcome.toJson() : outcome.ok() ? outcome.value : outcome.toJson());
                if (!fleet && !outcome.ok()) {
                    err.println("api-token-kit: " + outcome.error);
                }
            } else {
                if (fleet) {
                    out.println("== " + outcome.url);
                }
                if (outcome.ok()) {
                    out.print(outcome.text);
                } else if (fleet) {
                    out.println("ERROR: " + outcome.error);
                } else {
                    err.println("api-token-kit: " + outcome.error);
                }
            }
        }
        if (options.json) {
            out.println(Json.write(fleet ? json : json.get(0)));
        }
        return exit;
    }

    /** A file only its owner can read or write, created so before anything is written to it. */
    static void writePrivately(Path file, String content) throws LauncherException {
        try {
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } else {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new LauncherException(ExitCode.USAGE, "cannot write --output " + file + " (" + e.getClass().getSimpleName()
                    + "): choose a file in an existing folder you may write");
        }
    }

    /** How the launcher trusts TLS certificates: the JDK's defaults, a private CA (--cacert), or nothing (--insecure). */
    static final class TlsSettings {
        final SSLSocketFactory socketFactory;
        final HostnameVerifier hostnameVerifier;

        private TlsSettings(SSLSocketFactory socketFactory, HostnameVerifier hostnameVerifier) {
            this.socketFactory = socketFactory;
            this.hostnameVerifier = hostnameVerifier;
        }

        static TlsSettings of(Options options) throws LauncherException {
            try {
                if (options.insecure) {
                    SSLContext context = SSLContext.getInstance("TLS");
                    context.init(null, new TrustManager[] {new TrustEverything()}, new SecureRandom());
                    return new TlsSettings(context.getSocketFactory(), (host, session) -> true);
                }
                if (options.cacert != null) {
                    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
                    trusted.load(null, null);
                    Collection<? extends Certificate> certificates;
                    try (InputStream in = Files.newInputStream(Paths.get(options.cacert))) {
                        certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                    }
                    if (certificates.isEmpty()) {
                        throw new LauncherException(ExitCode.USAGE, "--cacert " + options.cacert + " holds no certificate");
                    }
                    int i = 0;
                    for (Certificate certificate : certificates) {
                        trusted.setCertificateEntry("ca-" + i++, certificate);
                    }
                    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    factory.init(trusted);
                    SSLContext context = SSLContext.getInstance("TLS");
                    context.init(null, factory.getTrustManagers(), new SecureRandom());
                    return new TlsSettings(context.getSocketFactory(), null);
                }
                return new TlsSettings(null, null);
            } catch (LauncherException e) {
                throw e;
            } catch (Exception e) {
                throw new LauncherException(ExitCode.USAGE, "cannot use --cacert " + options.cacert + ": " + e.getMessage());
            }
        }
    }

    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
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
        if (command.equals("self") || command.equals("run") || command.equals("help")) {
            return usage();
        }
        String source = bundledScript(command);
        int end = source.indexOf("*/");
        StringBuilder help = new StringBuilder("Usage: java -jar api-token-kit.jar [options] " + command + " [name=value ...]\n\n");
        for (String line : source.substring(0, end).split("\n")) {
            if (!line.startsWith("/*")) {
                help.append(line.replaceFirst("^ \\* ?", "")).append('\n');
            }
        }
        return help.append('\n').append(ExitCode.HELP).toString();
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
