package io.github.apitokenkit.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credentials inventory of a fleet: for each controller, every token (list-api-tokens) with the findings about it
 * (audit-api-tokens), or why the controller could not be asked. Made from the outcomes of a live call (--report) or
 * from saved --json lines of either script (report), line by line: a fleet can hold millions of tokens, so each
 * controller's are kept as columns, owners and names stored once, dates as epoch days. {@link InventoryPage} writes it.
 */
final class Inventory {
    static final String AUDIT = "audit-api-tokens";
    static final String LISTING = "list-api-tokens";

    /** One controller's tokens as columns, a row a token, in the order the listing (or the findings) gave them. */
    static final class Controller {
        final String url;
        /** Why the controller (or one of the two scripts) could not be asked; null when both answered. */
        String error;
        boolean audited;
        boolean listed;
        /** What is missing though the controller answered (its listing failed, or none was given); null when nothing. */
        String note;
        /** Whether usage statistics are on (list-api-tokens says); null when unknown. */
        Boolean statistics;
        final Map<String, Integer> owners = new LinkedHashMap<>();
        final Map<String, Integer> names = new LinkedHashMap<>();
        final Map<String, Integer> rowByUuid = new HashMap<>();
        final Ints owner = new Ints();
        final Ints name = new Ints();
        final List<String> uuid = new ArrayList<>();
        final Ints created = new Ints();
        final Ints lastUsed = new Ints();
        final Ints uses = new Ints();
        final Ints expires = new Ints();
        final Ints legacy = new Ints();
        /** 1 when the listing described the row, 0 when only a finding named it (its dates are then unknown). */
        final Ints known = new Ints();
        final List<int[]> findings = new ArrayList<>();
        /** Distinct findings, each [severity, kind, detail], stored once: "unused, last used 2026-06-02" repeats. */
        final Map<List<Object>, Integer> findingIds = new LinkedHashMap<>();
        /** The controller-wide findings (no token): usage statistics off, expiry unavailable. */
        final Ints general = new Ints();

        Controller(String url) {
            this.url = url;
        }

        int size() {
            return uuid.size();
        }

        private int row(String user, String tokenName, String id) {
            Integer row = rowByUuid.get(id);
            if (row != null) {
                return row;
            }
            row = uuid.size();
            rowByUuid.put(id, row);
            owner.add(index(owners, user));
            name.add(index(names, tokenName));
            uuid.add(id);
            created.add(Ints.NONE);
            lastUsed.add(Ints.NONE);
            uses.add(Ints.NONE);
            expires.add(Ints.NONE);
            legacy.add(Ints.NONE);
            known.add(0);
            findings.add(null);
            return row;
        }

        /** The index of a string stored once (an owner, a name), added when new. */
        private static int index(Map<String, Integer> indexed, String value) {
            Integer index = indexed.get(value);
            if (index == null) {
                index = indexed.size();
                indexed.put(value, index);
            }
            return index;
        }

        private void failed(String why) {
            error = error == null ? why : error + "; " + why;
        }
    }

    /** A growable list of ints ({@link #NONE} for unknown): millions of boxed Integers would cost several times more. */
    static final class Ints {
        static final int NONE = Integer.MIN_VALUE;
        private int[] values = new int[16];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int get(int i) {
            return values[i];
        }

        void set(int i, int value) {
            values[i] = value;
        }

        int size() {
            return size;
        }
    }

    private final Map<String, Controller> controllers = new LinkedHashMap<>();

    List<Controller> controllers() {
        return new ArrayList<>(controllers.values());
    }

    /**
     * Saved --json lines (audit-api-tokens, list-api-tokens, or both for the same controllers, in any order and files),
     * each file read a line at a time; anything else is refused with the file and line it is in.
     */
    static Inventory read(List<String> files) throws LauncherException {
        if (files.isEmpty()) {
            throw new LauncherException(ExitCode.USAGE, "report takes the --json output of audit-api-tokens (and of list-api-tokens for "
                    + "every token): report FILE.jsonl [FILE.jsonl ...] --output FILE.html");
        }
        Inventory inventory = new Inventory();
        for (String file : files) {
            Path path = Paths.get(file);
            if (!Files.isRegularFile(path)) {
                throw new LauncherException(ExitCode.USAGE, "report: " + (Files.isDirectory(path) ? Text.quote(file) + " is a folder, not a file"
                        : Files.exists(path) ? Text.quote(file) + " is not a regular file" : "the file " + Text.quote(file) + " does not exist"));
            }
            // Strict UTF-8: a garbled file is refused rather than read with replacement characters.
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(path),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
                int number = 0;
                int results = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String where = Text.quote(file) + " line " + number;
                    Object parsed;
                    try {
                        parsed = Json.parse(line);
                    } catch (IllegalArgumentException e) {
                        throw new LauncherException(ExitCode.USAGE, "report: " + where + " is not JSON (" + e.getMessage()
                                + "); give the --json output of audit-api-tokens or list-api-tokens");
                    }
                    inventory.add(parsed, where);
                    results++;
                }
                if (results == 0) {
                    throw new LauncherException(ExitCode.USAGE, "report: " + Text.quote(file) + " holds no result; give the --json output of "
                            + "audit-api-tokens or list-api-tokens");
                }
            } catch (CharacterCodingException e) {
                throw new LauncherException(ExitCode.USAGE, "report: " + Text.quote(file) + " is not UTF-8 text; give the --json output of "
                        + "audit-api-tokens or list-api-tokens");
            } catch (IOException e) {
                throw new LauncherException(ExitCode.USAGE, "report: cannot read " + Text.quote(file) + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return inventory;
    }

    /** The outcomes of a live call: each controller's audit, and its listing when the audit went through. */
    static Inventory of(List<Outcome> audits, Map<String, Outcome> listings) throws LauncherException {
        Inventory inventory = new Inventory();
        for (Outcome audit : audits) {
            inventory.add(audit.toJson(), null);
            Outcome listing = listings.get(audit.url);
            if (listing != null && listing.ok()) {
                inventory.add(listing.toJson(), null);
            } else if (listing != null) {
                inventory.controllers.get(audit.url).note = "list-api-tokens failed: " + shown(listing.error) + "; only tokens with findings are shown";
            }
        }
        return inventory;
    }

    /**
     * One --json line: {url, ok, result, error}, its result holding findings (the audit), tokens (the listing) or both.
     * {@code where} names the line for a message; null for the launcher's own outcomes.
     */
    private void add(Object line, String where) throws LauncherException {
        Map<?, ?> outcome = line instanceof Map ? (Map<?, ?>) line : null;
        Object url = outcome == null ? null : outcome.get("url");
        Object result = outcome == null ? null : outcome.get("result");
        boolean ok = outcome != null && Boolean.TRUE.equals(outcome.get("ok"));
        if (!(url instanceof String) || !(outcome.get("ok") instanceof Boolean)
                || ok && !(result instanceof Map && (((Map<?, ?>) result).get("findings") instanceof List || ((Map<?, ?>) result).get("tokens") instanceof List))) {
            throw new LauncherException(ExitCode.USAGE, "report: " + where + " is not a controller's result of audit-api-tokens or list-api-tokens "
                    + "--json (it needs url, ok, and a result with findings or tokens)");
        }
        Controller controller = controllers.get(url);
        if (controller == null) {
            controller = new Controller(shown((String) url));
            controllers.put((String) url, controller);
        }
        if (!ok) {
            controller.failed(outcome.get("error") instanceof String ? shown((String) outcome.get("error")) : "failed, no reason given");
            return;
        }
        Map<?, ?> value = (Map<?, ?>) result;
        if (value.get("tokens") instanceof List) {
            controller.listed = true;
            if (value.get("statisticsEnabled") instanceof Boolean) {
                controller.statistics = (Boolean) value.get("statisticsEnabled");
            }
            for (Object item : (List<?>) value.get("tokens")) {
                addToken(controller, item, where);
            }
        }
        if (value.get("findings") instanceof List) {
            controller.audited = true;
            for (Object item : (List<?>) value.get("findings")) {
                addFinding(controller, item, where);
            }
        }
    }

    private static void addToken(Controller c, Object item, String where) throws LauncherException {
        Map<?, ?> token = item instanceof Map ? (Map<?, ?>) item : null;
        if (token == null || !(token.get("uuid") instanceof String) || !(token.get("user") instanceof String)) {
            throw new LauncherException(ExitCode.USAGE, "report: " + where + " holds a token without a user and uuid: not list-api-tokens --json output");
        }
        int row = c.row(shown((String) token.get("user")), shown(String.valueOf(token.get("name"))), shown((String) token.get("uuid")));
        c.known.set(row, 1);
        c.created.set(row, epochDay(token.get("created"), where));
        c.lastUsed.set(row, epochDay(token.get("lastUsed"), where));
        c.expires.set(row, epochDay(token.get("expires"), where));
        c.uses.set(row, token.get("useCount") instanceof Number ? ((Number) token.get("useCount")).intValue() : Ints.NONE);
        c.legacy.set(row, token.get("legacy") instanceof Boolean ? (Boolean.TRUE.equals(token.get("legacy")) ? 1 : 0) : Ints.NONE);
    }

    private static void addFinding(Controller c, Object item, String where) throws LauncherException {
        Map<?, ?> finding = item instanceof Map ? (Map<?, ?>) item : null;
        int severity = finding == null ? -1 : Findings.SEVERITIES.indexOf(String.valueOf(finding.get("severity")));
        if (severity < 0 || !(finding.get("kind") instanceof String)) {
            throw new LauncherException(ExitCode.USAGE, "report: " + where + " holds a finding without a kind and severity: not audit-api-tokens --json output");
        }
        List<Object> key = List.of(severity, shown((String) finding.get("kind")), shown(String.valueOf(finding.get("detail"))));
        Integer id = c.findingIds.get(key);
        if (id == null) {
            id = c.findingIds.size();
            c.findingIds.put(key, id);
        }
        if (!(finding.get("uuid") instanceof String)) {
            c.general.add(id);
            return;
        }
        int row = c.row(shown(String.valueOf(finding.get("user"))), shown(String.valueOf(finding.get("name"))), shown((String) finding.get("uuid")));
        int[] before = c.findings.get(row);
        int[] after = before == null ? new int[1] : java.util.Arrays.copyOf(before, before.length + 1);
        after[after.length - 1] = id;
        c.findings.set(row, after);
    }

    /**
     * Text.shown, the kit's one rule for unprintable characters, without its regular expression for the text that
     * plainly has none (printable ASCII): a big fleet's page holds millions of names and uuids.
     */
    static String shown(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return Text.shown(text);
            }
        }
        return text;
    }

    /** An instant (2026-11-02T10:00:00Z) or a date (2027-01-31) as days since 1970-01-01 (UTC); NONE for null. */
    private static int epochDay(Object value, String where) throws LauncherException {
        if (value == null) {
            return Ints.NONE;
        }
        String text = String.valueOf(value);
        try {
            // By hand: a formatter's parse costs microseconds, and a big fleet has millions of dates.
            if (text.length() >= 10 && text.charAt(4) == '-' && text.charAt(7) == '-' && (text.length() == 10 || text.charAt(10) == 'T')
                    && digits(text, 0, 4) && digits(text, 5, 7) && digits(text, 8, 10)) {
                return (int) LocalDate.of(Integer.parseInt(text.substring(0, 4)), Integer.parseInt(text.substring(5, 7)),
                        Integer.parseInt(text.substring(8, 10))).toEpochDay();
            }
            throw new DateTimeParseException("not a date", text, 0);
        } catch (java.time.DateTimeException e) {
            throw new LauncherException(ExitCode.USAGE, "report: " + where + " holds " + Text.quote(text) + " where a date belongs: not "
                    + "list-api-tokens --json output");
        }
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * audit-api-tokens on each controller, then list-api-tokens (the same user, if one was given) where the audit went
     * through: the audit's outcome is the call's, as without --report; the listing is kept for the page.
     */
    static final class Gather implements Operation {
        private final Operation audit;
        private final Operation listing;
        final Map<String, Outcome> listings = new ConcurrentHashMap<>();

        Gather(Operation audit, Map<String, String> auditParameters) throws LauncherException {
            this.audit = audit;
            Map<String, String> parameters = new LinkedHashMap<>();
            if (auditParameters.containsKey("user")) {
                parameters.put("user", auditParameters.get("user"));
            }
            this.listing = new Operation.Script(LISTING, Inputs.bundledScript(LISTING), parameters);
        }

        @Override
        public Outcome run(JenkinsClient client) throws LauncherException {
            Outcome outcome = audit.run(client);
            if (outcome.ok()) {
                Outcome listed;
                try {
                    listed = listing.run(client);
                } catch (LauncherException e) {
                    listed = Outcome.failed(outcome.url, e.exitCode, e.getMessage());
                }
                listings.put(outcome.url, listed);
            }
            return outcome;
        }
    }
}
