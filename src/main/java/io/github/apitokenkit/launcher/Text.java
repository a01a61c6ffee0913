package io.github.apitokenkit.launcher;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What text the kit accepts and how it shows text it did not write: the same definition as the scripts' runtime
 * ({@code ApiTokenKit.UNPRINTABLE} in scripts/lib/runtime.groovy; ScriptConventionsSpec keeps the two equal).
 * Unprintable are control characters (C0, C1, U+0085), format characters (bidi overrides, zero-width), line and
 * paragraph separators, lone surrogates and the XML non-characters U+FFFE and U+FFFF.
 */
final class Text {
    static final String UNPRINTABLE = "[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}\\x{FFFE}\\x{FFFF}]";
    private static final Pattern UNPRINTABLE_PATTERN = Pattern.compile(UNPRINTABLE);
    /**
     * What may be a token value in text the launcher did not write: a word of 16 or more hexadecimal digits with a letter
     * among them (a value is 32, or "11" and 32, and an answer cut short holds part of one; no group of a uuid is longer
     * than 12; a word of digits only, a temporary file's number say, is left), and whatever follows "tokenValue" in an
     * answer, however it is cut.
     */
    private static final Pattern SECRET_SHAPED =
            Pattern.compile("(?i)(\"?tokenValue\"?\\s*[:=]\\s*\"?)[^\"\\s,}]*|(?<![0-9a-z])(?=[0-9]*[a-f])[0-9a-f]{16,}(?![0-9a-z])");

    /**
     * The secrets this process holds whatever their shape: the credentials' secret (a password need not look like a
     * token) and every token value it made, opened or sends. Shorter ones than {@link #SHORTEST_KEPT_OUT} are left: a
     * sandbox password "admin" would otherwise blank out the user name admin in every message.
     */
    private static final Set<String> KNOWN_SECRETS = ConcurrentHashMap.newKeySet();
    static final int SHORTEST_KEPT_OUT = 8;

    private Text() {}

    /** From now on, the secret (and its URL-encoded form) is {@code <redacted>} in every message {@link #scrubbed} passes. */
    static void keepOut(CharSequence secret) {
        if (secret != null && secret.length() >= SHORTEST_KEPT_OUT) {
            KNOWN_SECRETS.add(secret.toString());
            KNOWN_SECRETS.add(URLEncoder.encode(secret.toString(), StandardCharsets.UTF_8));
        }
    }

    /** The text with every unprintable character as \\uXXXX, so it cannot fake a line or reorder one. */
    static String shown(String text) {
        Matcher m = UNPRINTABLE_PATTERN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.format("\\u%04X", m.group().codePointAt(0))));
        }
        return m.appendTail(out).toString();
    }

    /**
     * A message with every known secret ({@link #keepOut}) and every secret-shaped part as {@code <redacted>}: messages
     * quote answers and inputs (Main.failureLine, every Outcome's error and --verbose pass here), and an answer cut
     * after a token's value holds it. The one scrubber of the launcher.
     */
    static String scrubbed(String text) {
        List<String> known = new ArrayList<>(KNOWN_SECRETS);
        // The longest first: a secret that holds another is redacted whole. (No lambda: a plain call makes no
        // invokedynamic, see PackagingSpec.)
        known.sort(new Comparator<String>() {
            @Override
            public int compare(String a, String b) {
                return Integer.compare(b.length(), a.length());
            }
        });
        for (String secret : known) {
            text = text.replace(secret, "<redacted>");
        }
        Matcher m = SECRET_SHAPED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement((m.group(1) == null ? "" : m.group(1)) + "<redacted>"));
        }
        return m.appendTail(out).toString();
    }

    /** Where the first unprintable character of the text is ("U+000A at position 2"), or null when there is none. */
    static String unprintableIn(String text) {
        Matcher m = UNPRINTABLE_PATTERN.matcher(text);
        return m.find() ? String.format("U+%04X at position %d", m.group().codePointAt(0), m.start() + 1) : null;
    }

    /** Why a parameter's value is refused, in the scripts' own words, or null when it is acceptable text. */
    static String refusal(String parameter, String value) {
        String problem = unprintableIn(value);
        return problem == null ? null
                : "parameter " + shown(parameter) + " must not contain control, format or line-separator characters (" + problem + ")";
    }

    /** Quoted for a message: shown, and shortened past 80 characters. */
    static String quote(String text) {
        return "'" + shown(text.length() > 80 ? text.substring(0, 80) : text) + (text.length() > 80 ? "...'" : "'");
    }
}
