package io.github.apitokenkit.launcher;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the launcher posts to {@code /scriptText}, and how it reads the answer.
 *
 * <p>The text posted is a fixed prologue plus one base64 literal of UTF-8 JSON holding the kit script, its
 * parameters, a per-call nonce and, when token values must travel sealed, a public key. The prologue decodes that
 * payload into binding variables and evaluates the script with them, so no parameter value is ever part of Groovy
 * source: whatever its quotes, {@code $}, newlines or Unicode, it can only be data.
 *
 * <p>{@code /scriptText} answers HTTP 200 even when a script throws, so success is read from the result envelope
 * the kit's scripts print last when the nonce is bound: {@code @@api-token-kit-result@@ <nonce> <base64 JSON>}. A
 * missing envelope, a different nonce, or anything printed after it (a stack trace) is a failure.
 */
public final class RemoteScript {
    static final String ENVELOPE_MARK = "@@api-token-kit-result@@";
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final List<String> RESERVED = List.of("out", "binding");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String PROLOGUE = String.join("\n",
            "// api-token-kit launcher: the kit script and its parameters travel base64-encoded below; no value is part of this source.",
            "def apiTokenKitLaunch = new groovy.json.JsonSlurper().parseText(new String('%s'.decodeBase64(), 'UTF-8'))",
            "apiTokenKitLaunch.parameters.each { name, value -> if (name ==~ /[A-Za-z][A-Za-z0-9]*/ && name != 'out') { binding.setVariable(name, value) } }",
            "binding.setVariable('apiTokenKitParameterNames', new ArrayList(apiTokenKitLaunch.parameters.keySet()))",
            "binding.setVariable('apiTokenKitEnvelope', apiTokenKitLaunch.envelope)",
            "if (apiTokenKitLaunch.publicKey != null) { binding.setVariable('apiTokenKitPublicKey', apiTokenKitLaunch.publicKey) }",
            "new GroovyShell(jenkins.model.Jenkins.get().pluginManager.uberClassLoader, binding).evaluate(apiTokenKitLaunch.script, apiTokenKitLaunch.name)",
            "");

    private RemoteScript() {}

    /** A fresh random nonce for one call. */
    public static String newNonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The text to post as {@code script}. {@code name} names the script in stack traces; {@code publicKey} is a
     * base64 X.509 RSA key, or null to receive token values in plaintext.
     */
    public static String build(String name, String source, Map<String, ?> parameters, String nonce, String publicKey) {
        for (String parameter : parameters.keySet()) {
            if (!PARAMETER_NAME.matcher(parameter).matches() || RESERVED.contains(parameter) || parameter.startsWith("apiTokenKit")) {
                throw new IllegalArgumentException("'" + parameter + "' is not a valid parameter name: use letters and digits, starting with a letter");
            }
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("name", name.replaceAll("[^A-Za-z0-9_]", "_") + ".groovy");
        payload.put("script", source);
        payload.put("parameters", parameters);
        payload.put("envelope", nonce);
        payload.put("publicKey", publicKey);
        String encoded = Base64.getEncoder().encodeToString(Json.write(payload).getBytes(StandardCharsets.UTF_8));
        return String.format(PROLOGUE, encoded);
    }

    /** What a kit script reported, or why nothing trustworthy was reported. */
    public static final class Result {
        public final boolean ok;
        /** The script's result (a JSON value) when ok. */
        public final Object value;
        /** The one-line reason when not ok. */
        public final String error;
        /** What the script printed for people, without the envelope. */
        public final String text;

        Result(boolean ok, Object value, String error, String text) {
            this.ok = ok;
            this.value = value;
            this.error = error;
            this.text = text;
        }
    }

    /** Reads the body of a {@code /scriptText} answer for the envelope carrying {@code nonce}. */
    public static Result read(String output, String nonce) {
        String marker = ENVELOPE_MARK + " " + nonce + " ";
        int at = output.lastIndexOf(marker);
        if (at < 0 || (at > 0 && output.charAt(at - 1) != '\n')) {
            return new Result(false, null, "the script reported no result: " + firstLine(output), output);
        }
        int end = output.indexOf('\n', at);
        String line = end < 0 ? output.substring(at) : output.substring(at, end);
        if (end >= 0 && !output.substring(end).isBlank()) {
            return new Result(false, null, "the script failed after reporting its result: " + firstLine(output.substring(end)), output);
        }
        String text = output.substring(0, at);
        Object envelope;
        try {
            envelope = Json.parse(new String(Base64.getDecoder().decode(line.substring(marker.length()).trim()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return new Result(false, null, "the script's result envelope is unreadable: " + e.getMessage(), text);
        }
        if (!(envelope instanceof Map)) {
            return new Result(false, null, "the script's result envelope is not an object", text);
        }
        Map<?, ?> fields = (Map<?, ?>) envelope;
        if (Boolean.TRUE.equals(fields.get("ok"))) {
            return new Result(true, fields.get("result"), null, text);
        }
        return new Result(false, null, String.valueOf(fields.get("error")), text);
    }

    private static String firstLine(String text) {
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                return line.trim();
            }
        }
        return "(no output)";
    }
}
