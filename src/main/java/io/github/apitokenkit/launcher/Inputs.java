package io.github.apitokenkit.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one command line asks for, gathered before anything is sent: the operation (a bundled script, a script file or
 * a self action) with its parameters and --param-file values, the controllers' URLs, and the credentials from --auth,
 * the environment or a terminal prompt; with a warning wherever a secret is exposed on the way (on the command line,
 * over plain HTTP, or with --insecure). Every problem found here is a usage error: nothing was sent.
 */
final class Inputs {
    private Inputs() {}

    /** Values from --param-file (trailing newlines dropped); a token value given inline is warned about. */
    static void readParameterFiles(Options options, PrintStream err) throws LauncherException {
        if (options.parameters.containsKey("value")) {
            err.println("api-token-kit: warning: a value given as value=... on the command line is visible to other local users "
                    + "(process list, shell history); prefer --param-file value=FILE");
        }
        for (Map.Entry<String, String> entry : options.parameterFiles.entrySet()) {
            if (options.parameters.containsKey(entry.getKey())) {
                throw new LauncherException(ExitCode.USAGE, "parameter " + entry.getKey() + " given twice");
            }
            String value = Main.read(entry.getValue(), "--param-file " + entry.getKey());
            options.parameters.put(entry.getKey(), value.replaceAll("[\\r\\n]+$", ""));
        }
        // A token value handed in (seed-api-token's, revoke-leaked-api-token's) is never part of a message.
        Text.keepOut(options.parameters.get("value"));
    }

    /** The operation asked for, its created values going to the delivery (null: printed). */
    static Operation operation(Options options, Delivery delivery) throws LauncherException {
        String command = options.command;
        if (command.equals("self")) {
            if (options.positional.size() != 1 || !Operation.Self.ACTIONS.contains(options.positional.get(0))) {
                throw new LauncherException(ExitCode.USAGE, "self takes one of generate, revoke, rename, rotate; try: help self");
            }
            if (options.policyFile != null) {
                throw new LauncherException(ExitCode.USAGE, "--policy holds the kit's scripts to a lifetime policy; self asks Jenkins directly: "
                        + "give expires= within your policy");
            }
            return new Operation.Self(options.positional.get(0), options.parameters, delivery);
        }
        if (command.equals("run")) {
            if (options.positional.size() != 1) {
                throw new LauncherException(ExitCode.USAGE, "run takes one script file: run FILE.groovy [name=value ...]");
            }
            Path file = Paths.get(options.positional.get(0));
            String source = Main.read(options.positional.get(0), "run");
            return new Operation.Script(file.getFileName().toString().replaceAll("\\.groovy$", ""), source, withPolicy(options, source), delivery);
        }
        if (!options.positional.isEmpty()) {
            throw new LauncherException(ExitCode.USAGE, "parameters are name=value, not " + Text.quote(options.positional.get(0)));
        }
        String source = bundledScript(command);
        Map<String, String> parameters = withPolicy(options, source);
        if (command.equals("rotate-api-token") && delivery != null
                && !"true".equals(String.valueOf(parameters.get("dryRun")).trim().toLowerCase(java.util.Locale.ROOT))) {
            return new Operation.PhasedRotation(source, parameters, delivery);
        }
        return new Operation.Script(command, source, parameters, delivery);
    }

    /** The lifetime policy keys --policy may hold. */
    static final List<String> POLICY = List.of("maxLifetimeDays", "requireExpiry");

    /**
     * Whether parsed JSON is a lifetime policy: an object of POLICY's keys, maxLifetimeDays a whole number from 0,
     * requireExpiry a boolean. The runtime's lifetimePolicy (the init file's "policy") takes the same: policy-cases.tsv.
     */
    static boolean isPolicy(Object parsed) {
        if (!(parsed instanceof Map)) {
            return false;
        }
        Map<?, ?> policy = (Map<?, ?>) parsed;
        return POLICY.containsAll(policy.keySet())
                && (!policy.containsKey("maxLifetimeDays") || policy.get("maxLifetimeDays") instanceof Integer && (Integer) policy.get("maxLifetimeDays") >= 0)
                && (!policy.containsKey("requireExpiry") || policy.get("requireExpiry") instanceof Boolean);
    }

    /**
     * The parameters with the lifetime policy of --policy FILE added, for a script that takes it (its header documents
     * maxLifetimeDays: the scripts that make tokens, and the audit); another script is not concerned. One file, read
     * once, holds a fleet to the same policy. A policy parameter given on the command line too is refused.
     */
    static Map<String, String> withPolicy(Options options, String source) throws LauncherException {
        Map<?, ?> policy = policy(options);
        if (policy == null) {
            return options.parameters;
        }
        if (!ScriptHeader.documents(source, "maxLifetimeDays")) {
            return options.parameters;
        }
        Map<String, String> parameters = new LinkedHashMap<>(options.parameters);
        for (Map.Entry<?, ?> rule : policy.entrySet()) {
            String name = String.valueOf(rule.getKey());
            if (parameters.containsKey(name)) {
                throw new LauncherException(ExitCode.USAGE, "parameter " + name + " is given twice: on the command line and in --policy");
            }
            parameters.put(name, String.valueOf(rule.getValue()));
        }
        return parameters;
    }

    /** The lifetime policy of --policy FILE, checked; null when none was given. */
    static Map<?, ?> policy(Options options) throws LauncherException {
        if (options.policyFile == null) {
            return null;
        }
        Object parsed;
        try {
            parsed = Json.parse(Main.read(options.policyFile, "--policy"));
        } catch (Json.DuplicateKey e) {
            throw new LauncherException(ExitCode.USAGE, "--policy " + Text.quote(options.policyFile) + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (!isPolicy(parsed)) {
            throw new LauncherException(ExitCode.USAGE, "--policy " + Text.quote(options.policyFile) + " must hold a JSON object like "
                    + "{\"maxLifetimeDays\": 90, \"requireExpiry\": true}");
        }
        return (Map<?, ?>) parsed;
    }

    /** A bundled script's source, read from the jar; an unknown name is refused with the nearest command suggested. */
    static String bundledScript(String name) throws LauncherException {
        if (!Main.BUNDLED_SCRIPTS.contains(name)) {
            String nearest = Help.nearestCommand(name);
            throw new LauncherException(ExitCode.USAGE, "unknown command " + Text.quote(name) + (nearest == null ? "" : " (did you mean " + nearest + "?)")
                    + "; the commands are " + String.join(", ", Main.BUNDLED_SCRIPTS) + ", run, self, render, open, report; try --help");
        }
        try (InputStream in = Inputs.class.getResourceAsStream("/scripts/" + name + ".groovy")) {
            if (in == null) {
                throw new LauncherException(ExitCode.USAGE, "the script " + name + " is missing from this build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LauncherException(ExitCode.USAGE, "cannot read the script " + name + ": " + e.getMessage());
        }
    }

    static List<URL> urls(Options options, Map<String, String> env) throws LauncherException {
        List<String> given = new ArrayList<>(options.urls);
        if (options.urlsFile != null) {
            for (String line : Main.read(options.urlsFile, "--urls").split("\n")) {
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
        Set<String> seen = new HashSet<>();
        for (String url : given) {
            URL normalized = JenkinsClient.normalize(url);
            if (!seen.add(normalized.toString())) {
                throw new LauncherException(ExitCode.USAGE, "the controller " + normalized + " is given twice: a script would run on it twice "
                        + "(two tokens created, one value lost)");
            }
            urls.add(normalized);
        }
        return urls;
    }

    static Credentials credentials(Options options, Map<String, String> env, Main.Prompt prompt, String url, PrintStream err)
            throws LauncherException {
        if (options.auth != null) {
            if (options.auth.startsWith("@")) {
                return Credentials.parse(Main.read(options.auth.substring(1), "--auth").trim(), options.auth);
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

    /** The prompt at this process's terminal, or null when no terminal is attached. */
    static Main.Prompt terminalPrompt() {
        if (System.console() == null) {
            return null;
        }
        return new Main.Prompt() {
            @Override
            public Credentials ask(String url) {
                String user = System.console().readLine("User for %s: ", url);
                char[] secret = System.console().readPassword("API token (or password) for %s: ", user);
                return user == null || secret == null ? null : new Credentials(user, secret);
            }
        };
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

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
