package io.github.apitokenkit.launcher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What the launcher posts to {@code /scriptText}, and how it reads the answer.
 *
 * <p>The text posted is a fixed prologue plus base64 literals of gzipped UTF-8 JSON holding the kit script, its
 * parameters, a per-call nonce and, when token values must travel sealed, a public key. The prologue decodes that
 * payload into binding variables and evaluates the script with them, so no parameter value is ever part of Groovy
 * source: whatever its quotes, {@code $}, newlines or Unicode, it can only be data.
 *
 * <p>{@code /scriptText} answers HTTP 200 even when a script throws, so success is read from the result envelope
 * printed last: {@code @@api-token-kit-result@@ <nonce> <base64 JSON>}. The kit's runtime prints it; the prologue
 * prints one itself when the script threw, did not compile or ended without reporting, so every answer that arrives
 * whole ends with an envelope. Hence a missing or unfinished envelope means the answer was cut off on the way.
 *
 * <p>Created token values travel in the envelope's own {@code secrets} field, sealed; the text and result carry a
 * reference to each ({@code <secret N of NONCE>}), which no user data can hold because the nonce is new for each call.
 */
public final class RemoteScript {
    static final String ENVELOPE_MARK = "@@api-token-kit-result@@";
    /** The POST field that carries known token values apart from the script text (see {@link #post}). */
    public static final String VALUES_FIELD = "apiTokenKitValues";
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final List<String> RESERVED = List.of("out", "binding");
    /**
     * The payload travels as several string literals, each within the 65,535 characters that Groovy (and the class
     * file format under it) allows one constant: a long script with long parameters would not compile as one.
     */
    static final int LITERAL_LENGTH = 60_000;

    /**
     * The prologue's lines that bind the decoded payload, apiTokenKitLaunch, for the script: its parameters as variables
     * of their names and the list of those names, the envelope's nonce, the sealing key, the plaintext choice. The
     * specs' in-process runs (Kit.bound) run these very lines.
     */
    public static final String BIND_PAYLOAD = String.join("\n",
            "apiTokenKitLaunch.parameters.each { name, value -> if (name ==~ /[A-Za-z][A-Za-z0-9]*/ && name != 'out') { binding.setVariable(name, value) } }",
            "binding.setVariable('apiTokenKitParameterNames', new ArrayList(apiTokenKitLaunch.parameters.keySet()))",
            "binding.setVariable('apiTokenKitEnvelope', apiTokenKitLaunch.envelope)",
            "if (apiTokenKitLaunch.publicKey != null) { binding.setVariable('apiTokenKitPublicKey', apiTokenKitLaunch.publicKey) }",
            "if (apiTokenKitLaunch.plaintext == true) { binding.setVariable('apiTokenKitPlaintext', true) }");

    private static final String PROLOGUE = String.join("\n",
            "// api-token-kit launcher: the kit script and its parameters travel gzipped and base64-encoded below; no value is part of this source.",
            "def apiTokenKitLaunch = new groovy.json.JsonSlurper().parseText(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(java.util.Base64.decoder.decode([%s].join('')))).getText('UTF-8'))",
            BIND_PAYLOAD,
            "String apiTokenKitFailure = null",
            "if (apiTokenKitLaunch.valuesApart == true) {",
            "    // Known values came in a field of this request, not in this text: Stapler's current request (getCurrentRequest2 since 2.475).",
            "    Class apiTokenKitStapler = jenkins.model.Jenkins.get().pluginManager.uberClassLoader.loadClass('org.kohsuke.stapler.Stapler')",
            "    def apiTokenKitRequest = (apiTokenKitStapler.methods.find { it.name == 'getCurrentRequest2' } ?: apiTokenKitStapler.getMethod('getCurrentRequest')).invoke(null)",
            "    String apiTokenKitValues = apiTokenKitRequest?.getParameter('" + VALUES_FIELD + "')",
            "    if (apiTokenKitValues == null) {",
            "        apiTokenKitFailure = 'the known values travel in the request field " + VALUES_FIELD + ", which this script cannot read: post it with the script to /scriptText of the controller itself'",
            "    } else {",
            "        new groovy.json.JsonSlurper().parseText(new String(apiTokenKitValues.decodeBase64(), 'UTF-8')).each { name, value -> if (name ==~ /[A-Za-z][A-Za-z0-9]*/ && name != 'out') { binding.setVariable(name, value); binding.getVariable('apiTokenKitParameterNames') << name } }",
            "    }",
            "}",
            "try {",
            "    if (apiTokenKitFailure == null) {",
            "        new GroovyShell(jenkins.model.Jenkins.get().pluginManager.uberClassLoader, binding).evaluate(apiTokenKitLaunch.script, apiTokenKitLaunch.name)",
            "    }",
            "    if (apiTokenKitFailure == null && !binding.hasVariable('apiTokenKitReported')) {",
            "        apiTokenKitFailure = apiTokenKitLaunch.name + ' ended without reporting a result: a script run by the launcher must end with the kit\\'s runtime block (scripts/lib/runtime.groovy) and do its work in new ApiTokenKit(binding).run(...)'",
            "    }",
            "} catch (Throwable thrown) {",
            "    String detail = (thrown.message ?: '').readLines().findAll { it.trim() && it.trim() != 'startup failed:' }.take(1).join('')",
            "    apiTokenKitFailure = 'the script threw ' + thrown.class.name + (detail ? ': ' + detail.trim() : '')",
            "}",
            "if (apiTokenKitFailure != null) {",
            "    print('" + ENVELOPE_MARK + " ' + apiTokenKitLaunch.envelope + ' ' + groovy.json.JsonOutput.toJson([ok: false, error: apiTokenKitFailure]).getBytes('UTF-8').encodeBase64() + '\\n')",
            "}",
            "null",
            "");

    private RemoteScript() {}

    /**
     * Whether the script takes a token value as its SHA-256 (its header documents a valueSha256 parameter): a value
     * given to such a script never travels; {@link #build} sends valueSha256 in its place.
     */
    static boolean hashesValue(String source) {
        return ScriptHeader.documents(source, "valueSha256");
    }

    /** Whether a known token value would be part of the text posted for this script (seed-api-token's value). */
    static boolean sendsValue(String source, Map<String, ?> parameters) {
        return parameters.containsKey("value") && !hashesValue(source);
    }

    /**
     * The parameters as they travel: for a script that {@link #hashesValue}, value replaced by valueSha256, the
     * SHA-256 core keeps of it (ApiTokenStore: the ASCII bytes, less the two-character version when the value has 34
     * characters, whole otherwise), which the script compares with HashedToken.match. The runtime's valueHash is the
     * same rule for a value pasted into the console. No message shows the value.
     */
    static Map<String, ?> sent(String source, Map<String, ?> parameters) {
        if (!parameters.containsKey("value") || !hashesValue(source)) {
            return parameters;
        }
        if (parameters.containsKey("valueSha256")) {
            throw new IllegalArgumentException("give value or valueSha256, not both");
        }
        String value = String.valueOf(parameters.get("value")).trim();
        if (!value.matches("[\\x21-\\x7e]+")) {
            throw new IllegalArgumentException("parameter value must be the token as found, printable ASCII without blanks; the value is not shown");
        }
        Map<String, Object> sent = new LinkedHashMap<>(parameters);
        sent.remove("value");
        sent.put("valueSha256", valueSha256(value));
        return sent;
    }

    static String valueSha256(String value) {
        String hashed = value.length() == 34 ? value.substring(2) : value;
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(hashed.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A fresh random nonce for one call. */
    public static String newNonce() {
        byte[] bytes = new byte[16];
        Nonces.RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The text to post as {@code script}. {@code name} names the script in stack traces; {@code publicKey} is the
     * base64 X.509 P-256 key token values are sealed with ({@link Sealer}), or null for a script that prints none: the
     * runtime then refuses to print one.
     */
    public static String build(String name, String source, Map<String, ?> parameters, String nonce, String publicKey) {
        return build(name, source, parameters, nonce, publicKey, false);
    }

    /**
     * As above; with {@code plaintextValues} and no key, token values come back in plaintext, in the script's output,
     * for a caller that asked for exactly that (a spec, or a client that cannot open sealed values).
     */
    public static String build(String name, String source, Map<String, ?> given, String nonce, String publicKey,
                               boolean plaintextValues) {
        return text(name, source, checked(sent(source, given)), nonce, publicKey, plaintextValues, false);
    }

    /** What the launcher posts to /scriptText: the script field, and the field of known values (null when none). */
    public static final class Post {
        public final String script;
        public final String values;

        Post(String script, String values) {
            this.script = script;
            this.values = values;
        }
    }

    /**
     * As {@link #build}, but a known token value (seed-api-token's value) does not go into the script text: Jenkins
     * hands that text to every ScriptListener (since 2.427), and audit plugins keep it. The value travels in the
     * request's own {@link #VALUES_FIELD} field (base64 JSON), which the prologue reads from Stapler's current request:
     * a /scriptText script runs on the thread that handles the request (JENKINS-FACTS.md §14). Listeners are told the
     * script alone.
     */
    public static Post post(String name, String source, Map<String, ?> given, String nonce, String publicKey) {
        return post(name, source, given, nonce, publicKey, false);
    }

    /** As above; {@code plaintextValues} as for {@link #build}. */
    public static Post post(String name, String source, Map<String, ?> given, String nonce, String publicKey, boolean plaintextValues) {
        Map<String, Object> inText = new LinkedHashMap<>(checked(sent(source, given)));
        Map<String, Object> apart = new LinkedHashMap<>();
        if (sendsValue(source, given)) {
            apart.put("value", inText.remove("value"));
        }
        String script = text(name, source, inText, nonce, publicKey, plaintextValues, !apart.isEmpty());
        return new Post(script, apart.isEmpty() ? null : Base64.getEncoder().encodeToString(Json.write(apart).getBytes(StandardCharsets.UTF_8)));
    }

    /** The parameters, each name and text value checked before anything travels. */
    private static Map<String, ?> checked(Map<String, ?> parameters) {
        for (String parameter : parameters.keySet()) {
            if (!PARAMETER_NAME.matcher(parameter).matches() || RESERVED.contains(parameter) || parameter.startsWith("apiTokenKit")) {
                throw new IllegalArgumentException("'" + parameter + "' is not a valid parameter name: use letters and digits, starting with a letter");
            }
            Object value = parameters.get(parameter);
            String refusal = value instanceof String ? Text.refusal(parameter, (String) value) : null;
            if (refusal != null) {
                // The scripts refuse such text too; refused here it never travels (a lone surrogate cannot even be encoded).
                throw new IllegalArgumentException(refusal);
            }
        }
        return parameters;
    }

    private static String text(String name, String source, Map<String, ?> parameters, String nonce, String publicKey,
                               boolean plaintextValues, boolean valuesApart) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("name", name.replaceAll("[^A-Za-z0-9_]", "_") + ".groovy");
        payload.put("script", source);
        payload.put("parameters", parameters);
        payload.put("envelope", nonce);
        payload.put("publicKey", publicKey);
        if (plaintextValues && publicKey == null) {
            payload.put("plaintext", true);
        }
        if (valuesApart) {
            payload.put("valuesApart", true);
        }
        String encoded = Base64.getEncoder().encodeToString(gzipped(Json.write(payload)));
        StringJoiner literals = new StringJoiner(", ");
        for (int at = 0; at < encoded.length(); at += LITERAL_LENGTH) {
            literals.add("'" + encoded.substring(at, Math.min(encoded.length(), at + LITERAL_LENGTH)) + "'");
        }
        return String.format(PROLOGUE, literals);
    }

    /**
     * The payload's JSON, gzipped: Jenkins's Groovy reads a string literal a character at a time, and every call is
     * compiled anew, so a shorter literal is a quicker call (about 4 ms of create-api-token's; its posted text 15 kB
     * instead of 44 kB, and so is what a ScriptListener records).
     */
    private static byte[] gzipped(String json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** The payload's JSON, as the prologue decodes it from the text {@link #build} made. */
    public static String payload(String posted) {
        String opening = "java.util.Base64.decoder.decode([";
        int start = posted.indexOf(opening);
        int end = posted.indexOf("].join('')", start);
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException("not a text the launcher posts");
        }
        String encoded = posted.substring(start + opening.length(), end).replaceAll("[', ]", "");
        try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
            return new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a text the launcher posts: its payload is not gzip", e);
        }
    }

    /** Seeded on first use, not when RemoteScript loads: a cold JVM spends tens of milliseconds on it. */
    private static final class Nonces {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    /** What a kit script reported, or why nothing trustworthy was reported. */
    public static final class Result {
        public final boolean ok;
        /** 1 when the script failed or threw; 5 when the answer was cut off before its end. */
        public final int exitCode;
        /** The script's result (a JSON value) when ok. */
        public final Object value;
        /** The one-line reason when not ok. */
        public final String error;
        /** What the script printed for people, without the envelope. */
        public final String text;
        /** The envelope's sealed token values, base64, in the order the script's references number them. */
        public final List<String> secrets;
        /** The envelope's audit records (JSON objects): the changes made, or that a dry run would make, failed or not. */
        public final List<Object> audit;
        /** The envelope is there but does not decode: an old runtime block, or an answer cut inside it. */
        final boolean unreadable;

        private Result(boolean ok, int exitCode, Object value, String error, String text, List<String> secrets, List<Object> audit,
                       boolean unreadable) {
            this.ok = ok;
            this.exitCode = exitCode;
            this.value = value;
            this.error = error;
            this.text = text;
            this.secrets = secrets;
            this.audit = audit;
            this.unreadable = unreadable;
        }

        static Result failed(int exitCode, String error, String text) {
            return new Result(false, exitCode, null, error, text, List.of(), List.of(), false);
        }
    }

    /** The reference a script prints in place of its n-th sealed value (counted from 1) in the call with this nonce. */
    static String secretReference(int n, String nonce) {
        return "<secret " + n + " of " + nonce + ">";
    }

    /** The nonce of the last envelope in an output (for open, which did not make the call); null when there is none. */
    static String envelopeNonce(String output) {
        int at = output.lastIndexOf(ENVELOPE_MARK + " ");
        if (at < 0) {
            return null;
        }
        String[] fields = output.substring(at + ENVELOPE_MARK.length() + 1).split(" ", 2);
        return fields[0].matches("[0-9a-f]{32}") ? fields[0] : null;
    }

    /** Reads the body of a {@code /scriptText} answer for the envelope carrying {@code nonce}. */
    public static Result read(String output, String nonce) {
        String marker = ENVELOPE_MARK + " " + nonce + " ";
        int at = output.lastIndexOf(marker);
        if (at < 0 || (at > 0 && output.charAt(at - 1) != '\n')) {
            return Result.failed(ExitCode.NETWORK, "the answer was cut off before the script's result (" + output.length()
                    + " characters arrived): a proxy or the network closed the connection, or Jenkins restarted; whether the script "
                    + "finished is unknown, so check (list-api-tokens) before running it again", output);
        }
        int end = output.indexOf('\n', at);
        if (end < 0) {
            return Result.failed(ExitCode.NETWORK, "the answer was cut off in the middle of the script's result: a proxy or the "
                    + "network closed the connection; whether the script finished is unknown, so check before running it again", output);
        }
        String text = output.substring(0, at);
        if (!output.substring(end).isBlank()) {
            return Result.failed(ExitCode.SCRIPT_FAILED, "the script failed after reporting its result: " + firstLine(output.substring(end)), text);
        }
        Object envelope;
        try {
            envelope = Json.parse(new String(Base64.getDecoder().decode(output.substring(at + marker.length(), end).trim()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return new Result(false, ExitCode.SCRIPT_FAILED, null, "the script's result envelope is unreadable (" + e.getMessage()
                    + "): the script does not carry this launcher's runtime block; copy scripts/lib/runtime.groovy into it again", text, List.of(),
                    List.of(), true);
        }
        Map<?, ?> fields = envelope instanceof Map ? (Map<?, ?>) envelope : Map.of();
        List<Object> audit = fields.get("audit") instanceof List ? new ArrayList<Object>((List<?>) fields.get("audit")) : List.of();
        if (!Boolean.TRUE.equals(fields.get("ok"))) {
            return new Result(false, ExitCode.SCRIPT_FAILED, null, fields.get("error") instanceof String ? (String) fields.get("error")
                    : "the script's result envelope reports neither a result nor an error", text, List.of(), audit, false);
        }
        List<String> secrets = new ArrayList<>();
        Object sealed = fields.get("secrets");
        if (sealed instanceof List) {
            for (Object one : (List<?>) sealed) {
                secrets.add(String.valueOf(one));
            }
        }
        return new Result(true, ExitCode.OK, fields.get("result"), null, text, secrets, audit, false);
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
