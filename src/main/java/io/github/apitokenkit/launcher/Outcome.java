package io.github.apitokenkit.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one operation gave on one controller: its text and value for people and machines, and any secrets in them. */
final class Outcome {
    final String url;
    final int exitCode;
    final String text;
    final Object value;
    final String error;
    /** Token values in text and value, opened: printed once, or written to --output. */
    final List<String> secrets;

    private Outcome(String url, int exitCode, String text, Object value, String error, List<String> secrets) {
        this.url = url;
        this.exitCode = exitCode;
        this.text = text;
        this.value = value;
        this.error = error;
        this.secrets = secrets;
    }

    static Outcome ok(String url, String text, Object value, List<String> secrets) {
        return new Outcome(url, ExitCode.OK, text, value, null, secrets);
    }

    static Outcome failed(String url, int exitCode, String error) {
        return new Outcome(url, exitCode, "", null, error, List.of());
    }

    boolean ok() {
        return exitCode == ExitCode.OK;
    }

    /** The text and value with every secret replaced, for when the secrets go to a file instead. */
    Outcome withSecretsReplaced(String replacement) {
        String redacted = text;
        for (String secret : secrets) {
            redacted = redacted.replace(secret, replacement);
        }
        return new Outcome(url, exitCode, redacted, replace(value, replacement), error, secrets);
    }

    private Object replace(Object node, String replacement) {
        if (node instanceof String) {
            return secrets.contains(node) ? replacement : node;
        }
        if (node instanceof Map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            ((Map<?, ?>) node).forEach((k, v) -> copy.put(k, replace(v, replacement)));
            return copy;
        }
        if (node instanceof List) {
            List<Object> copy = new ArrayList<>();
            ((List<?>) node).forEach(v -> copy.add(replace(v, replacement)));
            return copy;
        }
        return node;
    }

    /** One controller's entry in --json output. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url);
        json.put("ok", ok());
        json.put("exitCode", exitCode);
        if (ok()) {
            json.put("result", value);
        } else {
            json.put("error", error);
        }
        return json;
    }
}
