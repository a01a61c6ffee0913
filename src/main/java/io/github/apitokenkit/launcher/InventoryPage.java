package io.github.apitokenkit.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The inventory as one self-contained HTML page (the template inventory.html beside this class): the data goes in as
 * JSON inside a {@code <script type="application/json">} element, and the page's own script builds the DOM from it with
 * textContent only, so a token name is always text, never markup. Every string from Jenkins has its unprintable
 * characters shown as \\uXXXX (Text.shown, the kit's one rule), and '<', '>' and '&' are escaped in the JSON so that
 * no value can end the element. A Content-Security-Policy lets only this page's style and script (by a nonce made
 * for each file) run, and lets nothing be fetched.
 */
final class InventoryPage {
    private static final String TEMPLATE = "/io/github/apitokenkit/launcher/inventory.html";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the page says about itself: when it was made, by whom, from what, under which policy (null: none given). */
    static final class Made {
        final Instant at;
        final String by;
        final String source;
        final String policy;

        Made(Instant at, String by, String source, String policy) {
            this.at = at;
            this.by = by;
            this.source = source;
            this.policy = policy;
        }
    }

    private InventoryPage() {}

    static String render(List<Inventory.Controller> controllers, Made made) throws LauncherException {
        String template;
        try (InputStream in = InventoryPage.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new LauncherException(ExitCode.SCRIPT_FAILED, "the page template is missing from this build");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LauncherException(ExitCode.SCRIPT_FAILED, "cannot read the page template (" + e.getClass().getSimpleName() + ")");
        }
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        String data = data(controllers, made);
        int at = template.indexOf("__DATA__");
        // Replaced by position, the data last: a value holding "__NONCE__" stays as it is.
        return template.substring(0, at).replace("__NONCE__", Base64.getEncoder().encodeToString(nonce)) + data
                + template.substring(at + "__DATA__".length()).replace("__NONCE__", Base64.getEncoder().encodeToString(nonce));
    }

    /** The page's JSON: columns per controller (see the template's script for how it reads them). */
    static String data(List<Inventory.Controller> controllers, Made made) {
        StringBuilder out = new StringBuilder(1 << 16);
        out.append("{\"made\":");
        quote(made.at.truncatedTo(ChronoUnit.SECONDS).toString(), out);
        out.append(",\"today\":").append(LocalDate.ofInstant(made.at, ZoneOffset.UTC).toEpochDay());
        out.append(",\"by\":");
        quote(Text.shown(made.by), out);
        out.append(",\"version\":");
        quote(Main.version(), out);
        out.append(",\"source\":");
        quote(Text.shown(made.source), out);
        out.append(",\"policy\":");
        if (made.policy == null) {
            out.append("null");
        } else {
            quote(Text.shown(made.policy), out);
        }
        out.append(",\"controllers\":[");
        for (int i = 0; i < controllers.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            controller(controllers.get(i), out);
        }
        return out.append("]}").toString();
    }

    private static void controller(Inventory.Controller c, StringBuilder out) {
        out.append("{\"url\":");
        quote(c.url, out);
        out.append(",\"error\":");
        if (c.error == null) {
            out.append("null");
        } else {
            quote(c.error, out);
        }
        String note = c.note != null ? c.note
                : c.error != null ? null
                : c.audited && !c.listed ? "no list-api-tokens result for it: only tokens with findings are shown"
                : c.listed && !c.audited ? "no audit-api-tokens result for it: no findings are shown" : null;
        out.append(",\"note\":");
        if (note == null) {
            out.append("null");
        } else {
            quote(note, out);
        }
        out.append(",\"statistics\":").append(c.statistics == null ? "null" : c.statistics.toString());
        out.append(",\"owners\":");
        strings(c.owners, out);
        out.append(",\"names\":");
        strings(c.names, out);
        out.append(",\"table\":[");
        boolean first = true;
        for (List<Object> finding : c.findingIds.keySet()) {
            out.append(first ? "[" : ",[").append(finding.get(0)).append(',');
            quote((String) finding.get(1), out);
            out.append(',');
            quote((String) finding.get(2), out);
            out.append(']');
            first = false;
        }
        out.append("],\"general\":");
        ints(c.general, out);
        out.append(",\"owner\":");
        ints(c.owner, out);
        out.append(",\"name\":");
        ints(c.name, out);
        out.append(",\"uuid\":[");
        for (int r = 0; r < c.size(); r++) {
            if (r > 0) {
                out.append(',');
            }
            quote(c.uuid.get(r), out);
        }
        out.append("],\"created\":");
        ints(c.created, out);
        out.append(",\"lastUsed\":");
        ints(c.lastUsed, out);
        out.append(",\"uses\":");
        ints(c.uses, out);
        out.append(",\"expires\":");
        ints(c.expires, out);
        out.append(",\"legacy\":");
        ints(c.legacy, out);
        boolean allKnown = true;
        for (int r = 0; r < c.size() && allKnown; r++) {
            allKnown = c.known.get(r) == 1;
        }
        out.append(",\"known\":");
        if (allKnown) {
            out.append('1');
        } else {
            ints(c.known, out);
        }
        // A row's findings: 0 for none, n for the one finding n-1 of the table, [n, m] for several.
        out.append(",\"findings\":[");
        for (int r = 0; r < c.size(); r++) {
            if (r > 0) {
                out.append(',');
            }
            int[] ids = c.findings.get(r);
            if (ids == null) {
                out.append('0');
            } else if (ids.length == 1) {
                out.append(ids[0] + 1);
            } else {
                out.append('[');
                for (int k = 0; k < ids.length; k++) {
                    out.append(k == 0 ? "" : ",").append(ids[k] + 1);
                }
                out.append(']');
            }
        }
        out.append("]}");
    }

    private static void strings(Map<String, Integer> indexed, StringBuilder out) {
        out.append('[');
        boolean first = true;
        for (String s : indexed.keySet()) {
            if (!first) {
                out.append(',');
            }
            quote(s, out);
            first = false;
        }
        out.append(']');
    }

    private static void ints(Inventory.Ints values, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            int v = values.get(i);
            if (v == Inventory.Ints.NONE) {
                out.append("null");
            } else {
                out.append(v);
            }
        }
        out.append(']');
    }

    /**
     * A JSON string that is also safe inside a script element: '<', '>' and '&' as \\u003c, \\u003e, \\u0026 (no
     * "</script>" or "<!--" can form), U+2028 and U+2029 escaped, and every other control character.
     */
    static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
                out.append("\\u");
                String hex = Integer.toHexString(c);
                for (int pad = hex.length(); pad < 4; pad++) {
                    out.append('0');
                }
                out.append(hex);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
