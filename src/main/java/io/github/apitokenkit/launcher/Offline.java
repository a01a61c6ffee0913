package io.github.apitokenkit.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two commands that talk to no Jenkins, for any other client (python-jenkins, curl, Ansible's jenkins_script, the
 * Jenkins CLI's groovy command): {@code render} prints the text the launcher would post, parameters as data (never
 * templated into the script), and {@code open} reads what Jenkins answered to it and opens its sealed values with the
 * key render wrote.
 */
final class Offline {
    private Offline() {}

    /**
     * A script's text to post, to stdout. A script that prints token values needs --key FILE (a fresh private key is
     * written there, 0600, and its public half sealed into the text) or, knowingly, --plaintext.
     */
    static int render(Options options, PrintStream out, PrintStream err) throws LauncherException {
        if (options.positional.isEmpty()) {
            throw new LauncherException(ExitCode.USAGE, "render takes a script: render SCRIPT|FILE.groovy [name=value ...] [--key FILE]");
        }
        String script = options.positional.get(0);
        boolean file = script.endsWith(".groovy");
        String source = file ? Main.read(script, "render") : Inputs.bundledScript(script);
        String name = file ? Paths.get(script).getFileName().toString().replaceAll("\\.groovy$", "") : script;
        Inputs.readParameterFiles(options, err);
        if (ScriptHeader.printsSecrets(source) && options.key == null && !options.plaintext) {
            throw new LauncherException(ExitCode.USAGE, name + " prints token values: give --key FILE (a new private key is written there "
                    + "for open), or --plaintext to have them in the script's output as it is");
        }
        Sealer sealer = null;
        if (options.key != null) {
            if (Files.exists(Paths.get(options.key), LinkOption.NOFOLLOW_LINKS)) {
                // Its key may still be needed to open an answer: a value sealed for it would be lost with it.
                throw new LauncherException(ExitCode.USAGE, "--key " + Text.quote(options.key) + " exists: render writes a new key and never "
                        + "replaces one that may still open an answer; give another file");
            }
            sealer = new Sealer();
            try (OutputFile key = OutputFile.prepare(options.key, "--key")) {
                key.commit(sealer.export());
            }
        }
        try {
            out.print(RemoteScript.build(name, source, options.parameters, RemoteScript.newNonce(), sealer == null ? null : sealer.publicKey(),
                    options.plaintext));
        } catch (IllegalArgumentException e) {
            throw new LauncherException(ExitCode.USAGE, e.getMessage());
        }
        return ExitCode.OK;
    }

    /** What a rendered script printed (a file, or stdin), its values opened with --key, reported like a launcher call. */
    static int open(Options options, InputStream in, PrintStream out, PrintStream err) throws LauncherException {
        String answer;
        if (options.positional.isEmpty()) {
            try {
                answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new LauncherException(ExitCode.USAGE, "open: cannot read stdin (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            answer = Main.read(options.positional.get(0), "open");
        }
        boolean newlineAdded = !answer.endsWith("\n");
        if (newlineAdded) {
            // Other clients may drop the last newline (python-jenkins's run_script returns the output up to its last one).
            answer = answer + "\n";
        }
        String nonce = RemoteScript.envelopeNonce(answer);
        RemoteScript.Result result = nonce == null ? RemoteScript.read(answer, "0".repeat(32)) : RemoteScript.read(answer, nonce);
        if (newlineAdded && result.unreadable) {
            // With its newline gone, a cut inside the envelope shows only as an envelope that does not read.
            result = RemoteScript.Result.failed(ExitCode.NETWORK, "the answer was cut off in the middle of the script's result: whether the "
                    + "script finished is unknown, so check before running it again", result.text);
        }
        Sealer sealer = null;
        if (options.key != null) {
            try {
                sealer = Sealer.imported(Main.read(options.key, "--key"));
            } catch (IllegalArgumentException e) {
                throw new LauncherException(ExitCode.USAGE, "--key " + Text.quote(options.key) + ": " + e.getMessage());
            }
        }
        Outcome outcome = Outcome.opened(null, result, sealer, nonce);
        try (Delivery delivery = Delivery.of(options)) {
            if (delivery != null && outcome.ok() && !outcome.secrets.isEmpty()) {
                outcome = delivered(outcome, delivery);
            }
            return Report.print(List.of(outcome), options, out, err);
        }
    }

    /**
     * The inventory page of saved --json lines (audit-api-tokens, list-api-tokens), to --output. The file is checked
     * first and written last: input that is not such output is refused in one line, and the file is left as it was.
     */
    static int report(Options options) throws LauncherException {
        if (options.output == null) {
            throw new LauncherException(ExitCode.USAGE, "report writes an HTML file: report FILE.jsonl [FILE.jsonl ...] --output FILE.html");
        }
        if (!options.parameters.isEmpty()) {
            throw new LauncherException(ExitCode.USAGE, "report takes files of --json lines, not parameters like " + Text.quote(options.parameters.keySet().iterator().next()));
        }
        String policy = policyLine(options);
        try (OutputFile page = OutputFile.prepare(options.output)) {
            Inventory inventory = Inventory.read(options.positional);
            List<String> names = new ArrayList<>();
            for (String file : options.positional) {
                names.add(Paths.get(file).getFileName().toString());
            }
            page.commit(InventoryPage.render(inventory.controllers(), new InventoryPage.Made(java.time.Instant.now(), System.getProperty("user.name"),
                    "saved results (" + String.join(", ", names) + ")", policy)));
        }
        return ExitCode.OK;
    }

    /** The lifetime policy the page states: --policy's, with the audit's own policy parameters; null for none. */
    static String policyLine(Options options) throws LauncherException {
        Map<?, ?> policy = Inputs.policy(options);
        List<String> rules = new ArrayList<>();
        for (String name : Inputs.POLICY) {
            Object value = policy != null && policy.containsKey(name) ? policy.get(name) : options.parameters.get(name);
            if (value != null) {
                rules.add(name + "=" + value);
            }
        }
        return rules.isEmpty() ? null : String.join(", ", rules);
    }

    /** The values opened, to the delivery; one that cannot be delivered is not lost: the answer and its key still open it. */
    private static Outcome delivered(Outcome outcome, Delivery delivery) {
        Map<?, ?> result = outcome.value instanceof Map ? (Map<?, ?>) outcome.value : Map.of();
        List<String> notes = new ArrayList<>();
        for (String value : outcome.secrets.values()) {
            try {
                String note = delivery.deliver(new Delivery.Made(null, text(result.get("user")), text(result.get("name")), text(result.get("uuid")), value));
                if (note != null) {
                    notes.add(note);
                }
            } catch (LauncherException undelivered) {
                return Outcome.failed(null, undelivered.exitCode, undelivered.getMessage() + "; the answer and its --key still open the value: "
                        + "open it again once that is fixed");
            }
        }
        Outcome shown = outcome.delivered(delivery.note());
        return notes.isEmpty() ? shown : shown.noted("Note: " + String.join("; ", notes) + ".");
    }

    private static String text(Object value) {
        return value instanceof String ? (String) value : null;
    }
}
