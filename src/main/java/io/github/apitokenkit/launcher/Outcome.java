package io.github.apitokenkit.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one operation gave on one controller: its text for people and value for machines, which hold references to
 * created token values (never the values themselves) until {@link #shown} puts the values, or a note, in their place.
 */
final class Outcome {
    final String url;
    final int exitCode;
    final String text;
    final Object value;
    final String error;
    /** Created token values by the reference that stands for each in text and value. */
    final Map<String, String> secrets;
    /** The script's audit records (for --audit-log), also when it failed after a change. */
    final List<Object> audit;

    private Outcome(String url, int exitCode, String text, Object value, String error, Map<String, String> secrets, List<Object> audit) {
        this.url = url;
        this.exitCode = exitCode;
        this.text = text;
        this.value = value;
        // A failure's message may quote an answer, which may hold a value (one cut short, say): never printed as it is.
        this.error = error == null ? null : Text.scrubbed(error);
        this.secrets = secrets;
        this.audit = audit;
    }

    static Outcome ok(String url, String text, Object value, Map<String, String> secrets) {
        return ok(url, text, value, secrets, List.of());
    }

    static Outcome ok(String url, String text, Object value, Map<String, String> secrets, List<Object> audit) {
        return new Outcome(url, ExitCode.OK, text, value, null, secrets, audit);
    }

    static Outcome failed(String url, int exitCode, String error) {
        return new Outcome(url, exitCode, "", null, error, Map.of(), List.of());
    }

    /** A failure after changes were made, with their audit records. */
    static Outcome failed(String url, LauncherException failure, List<Object> audit) {
        return new Outcome(url, failure.exitCode, "", null, failure.getMessage(), Map.of(), audit);
    }

    /**
     * What a script reported, its sealed values opened with the key they were sealed for; a value that does not open
     * fails the outcome, saying what to do (the token exists, its value is lost).
     */
    static Outcome opened(String url, RemoteScript.Result result, Sealer sealer, String nonce) {
        if (!result.ok) {
            return new Outcome(url, result.exitCode, "", null, result.error, Map.of(), result.audit);
        }
        if (sealer == null && !result.secrets.isEmpty()) {
            return new Outcome(url, ExitCode.USAGE, "", null, "the answer holds " + result.secrets.size() + " sealed token value(s): give --key FILE, the file "
                    + "render wrote for it", Map.of(), result.audit);
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        for (int n = 1; n <= result.secrets.size(); n++) {
            try {
                String value = sealer.unseal(result.secrets.get(n - 1), nonce);
                Text.keepOut(value);
                secrets.put(RemoteScript.secretReference(n, nonce), value);
            } catch (IllegalArgumentException e) {
                return new Outcome(url, ExitCode.SCRIPT_FAILED, "", null, "the script ran, but its created token value " + n
                        + " does not open with this key (" + e.getMessage() + "); see its uuid with list-api-tokens and revoke it", Map.of(), result.audit);
            }
        }
        return new Outcome(url, ExitCode.OK, result.text, result.value, null, secrets, result.audit);
    }

    /** As {@link #shown} with the note, the values already delivered elsewhere (a rotation's --output): none left to print. */
    Outcome delivered(String note) {
        Outcome shown = shown(note);
        return new Outcome(url, exitCode, shown.text, shown.value, error, Map.of(), audit);
    }

    /** The same outcome with a line of note before its text. */
    Outcome noted(String note) {
        return new Outcome(url, exitCode, note + "\n" + text, value, error, secrets, audit);
    }

    boolean ok() {
        return exitCode == ExitCode.OK;
    }

    /**
     * The text and value as they are printed: each reference replaced by its token value, or by {@code note} when
     * the values go to a file instead. A reference is replaced only where the script put it: no user data can hold
     * one, as each holds the call's fresh nonce.
     */
    Outcome shown(String note) {
        String shownText = text;
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            shownText = shownText.replace(secret.getKey(), note == null ? secret.getValue() : note);
        }
        return new Outcome(url, exitCode, shownText, replace(value, note), error, secrets, audit);
    }

    private Object replace(Object node, String note) {
        if (node instanceof String && secrets.containsKey(node)) {
            return note == null ? secrets.get(node) : note;
        }
        if (node instanceof Map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) node).entrySet()) {
                copy.put(entry.getKey(), replace(entry.getValue(), note));
            }
            return copy;
        }
        if (node instanceof List) {
            List<Object> copy = new ArrayList<>();
            for (Object item : (List<?>) node) {
                copy.add(replace(item, note));
            }
            return copy;
        }
        return node;
    }

    /** One controller's entry in --json output. */
    Map<String, Object> toJson() {
        return toJson(exitCode);
    }

    /** As {@link #toJson()}, with the exit code this controller gives the call (6 when its findings alert). */
    Map<String, Object> toJson(int callExitCode) {
        return json(url, callExitCode, ok() ? value : null, error);
    }

    /**
     * The one shape --json prints, for every controller and every exit path, usage errors included: url (null when
     * the command line was refused before any controller), ok, exitCode, changed (the script's own, false when it
     * failed), result (null when it failed) and error (null when it did not).
     */
    static Map<String, Object> json(String url, int exitCode, Object result, String error) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url);
        // Findings at or above --fail-on (6) alert on a call that went well.
        json.put("ok", exitCode == ExitCode.OK || exitCode == ExitCode.FINDINGS);
        json.put("exitCode", exitCode);
        json.put("changed", result instanceof Map && Boolean.TRUE.equals(((Map<?, ?>) result).get("changed")));
        json.put("result", result);
        json.put("error", error == null ? null : Text.scrubbed(error));
        return json;
    }
}
