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

    /**
     * Above this many tokens the controllers' tables start closed, each parsed when it is opened: the page of a big
     * fleet shows its summary at once, whatever the number of rows.
     */
    static final int OPEN_UP_TO = 20000;

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
        String key = Base64.getEncoder().encodeToString(nonce);
        int at = template.indexOf("__DATA__");
        int tokensAt = template.indexOf("__TOKENS__");
        // Replaced by position, the data last: a value holding "__NONCE__" stays as it is.
        StringBuilder page = new StringBuilder(1 << 16);
        page.append(template.substring(0, at).replace("__NONCE__", key));
        page.append(data(controllers, made));
        page.append(template, at + "__DATA__".length(), tokensAt);
        // Each controller's tokens in an element of its own, parsed by the page only when its table is opened: a fleet's
        // millions of rows are never all parsed at once.
        for (int i = 0; i < controllers.size(); i++) {
            if (controllers.get(i).size() > 0) {
                page.append("<script type=\"application/json\" id=\"tokens-").append(i).append("\">");
                tokens(controllers.get(i), page);
                page.append("</script>\n");
            }
        }
        page.append(template.substring(tokensAt + "__TOKENS__".length()).replace("__NONCE__", key));
        return page.toString();
    }

    /** Bucket edges in days, as the page's charts label them: age, time since last use, time to expiry. */
    static final int[] AGE = {30, 90, 180, 365, 730};
    static final int[] IDLE = {7, 30, 90, 365};
    static final int[] EXPIRY = {0, 14, 30, 90, 365};

    /** The page's summary: what it is about, and per controller its counts and chart buckets (its rows are apart). */
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
        int total = 0;
        for (Inventory.Controller c : controllers) {
            total += c.size();
        }
        out.append(",\"open\":").append(total <= OPEN_UP_TO);
        out.append(",\"controllers\":[");
        for (int i = 0; i < controllers.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            controller(controllers.get(i), LocalDate.ofInstant(made.at, ZoneOffset.UTC).toEpochDay(), out);
        }
        return out.append("]}").toString();
    }

    private static void controller(Inventory.Controller c, long today, StringBuilder out) {
        out.append("{\"url\":");
        quote(c.url, out);
        out.append(",\"error\":");
        nullable(c.error, out);
        String note = c.note != null ? c.note
                : c.error != null ? null
                : c.audited && !c.listed ? "no list-api-tokens result for it: only tokens with findings are shown"
                : c.listed && !c.audited ? "no audit-api-tokens result for it: no findings are shown" : null;
        out.append(",\"note\":");
        nullable(note, out);
        out.append(",\"statistics\":").append(c.statistics == null ? "null" : c.statistics.toString());
        out.append(",\"tokens\":").append(c.size()).append(",\"users\":");
        java.util.Set<Integer> owners = new java.util.HashSet<>();
        for (int r = 0; r < c.size(); r++) {
            owners.add(c.owner.get(r));
        }
        out.append(owners.size());
        int[] severities = new int[Findings.SEVERITIES.size()];
        List<List<Object>> table = new java.util.ArrayList<>(c.findingIds.keySet());
        for (int r = 0; r < c.size(); r++) {
            int[] ids = c.findings.get(r);
            for (int k = 0; ids != null && k < ids.length; k++) {
                severities[(Integer) table.get(ids[k]).get(0)]++;
            }
        }
        for (int g = 0; g < c.general.size(); g++) {
            severities[(Integer) table.get(c.general.get(g)).get(0)]++;
        }
        out.append(",\"severities\":[").append(severities[0]).append(',').append(severities[1]).append(',').append(severities[2]).append(']');
        out.append(",\"general\":[");
        for (int g = 0; g < c.general.size(); g++) {
            List<Object> finding = table.get(c.general.get(g));
            out.append(g == 0 ? "[" : ",[").append(finding.get(0)).append(',');
            quote((String) finding.get(1), out);
            out.append(',');
            quote((String) finding.get(2), out);
            out.append(']');
        }
        // The charts' buckets: by age, by time since last use (then never used, then unknown), by time to expiry
        // (then never, then unknown); a row only a finding named is unknown in each.
        int[] age = new int[AGE.length + 2];
        int[] idle = new int[IDLE.length + 3];
        int[] expiry = new int[EXPIRY.length + 3];
        for (int r = 0; r < c.size(); r++) {
            boolean known = c.known.get(r) == 1;
            int created = c.created.get(r);
            age[created == Inventory.Ints.NONE ? AGE.length + 1 : bucket(AGE, today - created)]++;
            int used = c.lastUsed.get(r);
            idle[used != Inventory.Ints.NONE ? bucket(IDLE, today - used) : known && !Boolean.FALSE.equals(c.statistics) ? IDLE.length + 1 : IDLE.length + 2]++;
            int expires = c.expires.get(r);
            expiry[expires != Inventory.Ints.NONE ? bucket(EXPIRY, expires - today) : known ? EXPIRY.length + 1 : EXPIRY.length + 2]++;
        }
        out.append("],\"charts\":[");
        counts(age, out);
        out.append(',');
        counts(idle, out);
        out.append(',');
        counts(expiry, out);
        out.append("]}");
    }

    private static int bucket(int[] edges, long days) {
        int b = 0;
        while (b < edges.length && days >= edges[b]) {
            b++;
        }
        return b;
    }

    private static void counts(int[] counts, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < counts.length; i++) {
            out.append(i == 0 ? "" : ",").append(counts[i]);
        }
        out.append(']');
    }

    private static void nullable(String text, StringBuilder out) {
        if (text == null) {
            out.append("null");
        } else {
            quote(text, out);
        }
    }

    /** One controller's rows as columns: owners and names stored once, dates as days since 1970-01-01, null unknown. */
    private static void tokens(Inventory.Controller c, StringBuilder out) {
        out.append("{\"owners\":");
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
        out.append("],\"owner\":");
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
