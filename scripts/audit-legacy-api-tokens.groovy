/*
 * Purpose:    Find the users who still have a legacy API token: whether it is used, and whether they have a newer token.
 * Where:      Script Console, /scriptText (launcher), init.groovy.d
 * Jenkins:    2.129 (LTS 2.138.1): ApiTokenProperty.hasLegacyToken and getTokenList
 * Runs as:    the caller, who needs Overall/Administer to run scripts; SYSTEM in init.groovy.d
 * Changes:    nothing
 * Secrets:    none printed (the launcher sends no sealing key)
 * Parameters:
 *   user     String   ''       id of one user; empty audits every user
 *   format   String   'text'   text, json or csv
 * Output:     text: one line per user with a legacy token, then a total; json: {statisticsEnabled, legacyTokens: [{user,
 *             uuid, lastUsed, useCount, otherTokens, otherTokensUsed}]}; csv: the same columns. lastUsed and useCount are
 *             unknown (null) while usage statistics are disabled.
 * Example:    (no parameters)
 *             alice   legacy token last used 2026-11-20 (3 uses); 2 other tokens, used
 *             1 user has a legacy token. Revoke them with revoke-legacy-api-tokens.
 */
import hudson.model.User
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration

Map defaults = [
        user  : '',
        format: 'text',
]

new ApiTokenKit(binding).run(defaults, ['text', 'json', 'csv']) { ApiTokenKit kit, Map p ->
    boolean statistics = ApiTokenPropertyConfiguration.get().usageStatisticsEnabled
    List<User> users = kit.users(p.user, p.user.isEmpty())
    List<Map> rows = []
    users.each { User user ->
        ApiTokenProperty tokens = user.getProperty(ApiTokenProperty)
        if (tokens == null || !tokens.hasLegacyToken()) {
            return
        }
        def legacy = tokens.tokenList.find { it.isLegacy }
        List others = tokens.tokenList.findAll { !it.isLegacy }
        rows << [user           : user.id,
                 uuid           : legacy?.uuid,
                 lastUsed       : statistics ? legacy?.lastUseDate?.toInstant()?.toString() : null,
                 useCount       : statistics ? (legacy?.useCounter ?: 0) : null,
                 otherTokens    : others.size(),
                 otherTokensUsed: statistics ? others.any { it.useCounter > 0 } : null]
    }
    StringBuilder text = new StringBuilder()
    if (!statistics) {
        text.append('Usage statistics are disabled (Manage Jenkins > Security > API Token): whether tokens are used is unknown.\n')
    } else if (!kit.usageStatisticsReliable()) {
        text.append('Usage statistics before Jenkins 2.154 (LTS 2.138.4) could show a used token as unused (SECURITY-1072).\n')
    }
    rows.each { Map row ->
        String use = !statistics ? 'use unknown' : row.lastUsed ? "last used ${row.lastUsed.take(10)} (${kit.count(row.useCount, 'use')})" : 'never used'
        String others = row.otherTokens == 0 ? 'no other token' :
                "${kit.count(row.otherTokens, 'other token')}${statistics ? (row.otherTokensUsed ? ', used' : ', unused') : ''}"
        text << "${kit.shown(row.user)}   legacy token ${use}; ${others}\n"
    }
    text.append(rows ? "${rows.size()} user${rows.size() == 1 ? ' has' : 's have'} a legacy token. Revoke them with revoke-legacy-api-tokens.\n" :
            'No user has a legacy token.\n')
    List<String> columns = ['user', 'uuid', 'lastUsed', 'useCount', 'otherTokens', 'otherTokensUsed']
    return [result: [statisticsEnabled: statistics, legacyTokens: rows, changed: false], text: text.toString(), csv: kit.csv(columns, rows)]
}
null
// ---- api-token-kit runtime 2: scripts/lib/runtime.groovy, or the sections of it a script reaches ----
// A script carries this core and the sections it calls (and those they need), verbatim, to paste alone: edit
// scripts/lib/runtime.groovy, then run bin/sync-script-runtime. A class, not script methods: Groovy 2.4 cannot load
// a script method holding a closure from a file named create-api-token.groovy (in init.groovy.d, only a WARNING).

/** A refusal explained in one line; the script has changed nothing when it is thrown. */
class ApiTokenKitError extends RuntimeException {
    ApiTokenKitError(String message) {
        super(message)
    }
}

/** Parameters, output, errors, the launcher's envelope; members take an ApiTokenProperty untyped: it varies by version. */
class ApiTokenKit {
    static final String ENVELOPE_MARK = '@@api-token-kit-result@@'
    /**
     * What no text the kit takes may hold, nor print raw: control and format characters (bidi overrides, zero-width),
     * line separators (XML 1.1 reads U+0085 and U+2028 back from config.xml as newlines), lone surrogates, U+FFFE/F.
     * The launcher's Text class holds the same; a conventions spec keeps the two equal.
     */
    static final String UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\x{FFFE}\x{FFFF}]/
    /** Compiled once: =~ compiles it anew on every call, once a listing's main cost. */
    static final java.util.regex.Pattern UNPRINTABLE_CHARACTER = java.util.regex.Pattern.compile(UNPRINTABLE)
    /** Core has no limit, but a 10 kB name only hides the others in a listing. */
    static final int LONGEST_TEXT = 256
    final Binding binding
    /** This run's sealed token values, for the envelope's own field, and its audit records. */
    private final List<String> sealedSecrets = []
    private final List<Map> auditRecords = []

    ApiTokenKit(Binding binding) {
        this.binding = binding
    }

    /**
     * Runs body(kit, parameters), which returns [result: JSON-able, text: for people, csv: listings] (text and csv may be
     * closures, made only when asked for), and prints one of them or one line "ERROR: ..."; then the launcher's envelope.
     */
    void run(Map defaults, List formats, Closure body) {
        Map outcome = null
        String error = null
        try {
            Map parameters = parameters(defaults)
            String format = parameters.containsKey('format') ? parameters.format : 'text'
            if (!(format in formats)) {
                throw new ApiTokenKitError("parameter format must be one of ${formats.join(', ')}, not ${quote(format)}")
            }
            outcome = (Map) body.call(this, parameters)
            reportsChange(outcome.result, parameters.dryRun == true)
            if (format != 'json' || !binding.hasVariable('apiTokenKitEnvelope')) {
                // The launcher's envelope carries the JSON already.
                print(format == 'json' ? groovy.json.JsonOutput.toJson(outcome.result) + '\n' : made(format == 'csv' ? outcome.csv : outcome.text))
            }
        } catch (ApiTokenKitError e) {
            // The one place errors are printed: whatever a message quotes stays one line.
            error = shown(e.message)
            if (fromCli()) {
                // The CLI's groovy command prints it as "ERROR: message" on stderr and exits 3.
                throw new IllegalArgumentException(error)
            }
            print('ERROR: ' + error + '\n')
        }
        if (binding.hasVariable('apiTokenKitEnvelope')) {
            Map envelope = (error == null ? [ok: true, result: outcome.result, secrets: sealedSecrets] : [ok: false, error: error]) + [audit: auditRecords]
            // Not Groovy's encodeBase64(): one character at a time, it was half the time of a listing of 10,000 users.
            String encoded = java.util.Base64.encoder.encodeToString(groovy.json.JsonOutput.toJson(envelope).getBytes('UTF-8'))
            print(ENVELOPE_MARK + ' ' + binding.getVariable('apiTokenKitEnvelope') + ' ' + encoded + '\n')
            binding.setVariable('apiTokenKitReported', true)
        }
    }

    /** The JSON contract automation relies on; a script breaking it has a defect, so it is not an ApiTokenKitError. */
    static void reportsChange(Object result, boolean dryRun) {
        (dryRun ? ['changed', 'wouldChange'] : ['changed']).each { String key ->
            if (!(result instanceof Map && result[key] instanceof Boolean)) {
                throw new IllegalStateException("the script's ${key == 'changed' ? '' : 'dry-run '}result lacks a boolean \"${key}\" (the kit's JSON contract)")
            }
        }
    }

    /** A text, or what a closure makes of it. */
    private static String made(Object text) {
        return text instanceof Closure ? ((Closure) text).call().toString() : String.valueOf(text)
    }

    /** To the console's out, or stdout in init.groovy.d; flushed, as the CLI's groovy command never does. */
    void print(String text) {
        if (binding.hasVariable('out')) {
            def out = binding.getVariable('out')
            out.print(text)
            out.flush()
        } else {
            System.out.print(text)
        }
    }

    /** The defaults, overridden by binding variables or CLI arguments of their names, as their types; others refused. */
    Map parameters(Map defaults) {
        Map<String, String> arguments = cliArguments()
        List given = (binding.hasVariable('apiTokenKitParameterNames') ? binding.getVariable('apiTokenKitParameterNames') : []) +
                (arguments == null ? [] : arguments.keySet())
        List unknown = given.findAll { !defaults.containsKey(it) }
        if (unknown) {
            throw new ApiTokenKitError("unknown parameter ${unknown.collect { quote(it) }.join(', ')}; valid parameters: ${defaults.keySet().join(', ')}")
        }
        Map values = new LinkedHashMap(defaults)
        defaults.each { String name, Object fallback ->
            if (arguments != null && arguments.containsKey(name)) {
                values[name] = convert(name, arguments[name], fallback)
            } else if (name != 'out' && binding.hasVariable(name)) {
                values[name] = convert(name, binding.getVariable(name), fallback)
            }
        }
        return values
    }

    /** Only the CLI's groovy command binds args, a String[]. */
    boolean fromCli() {
        return binding.hasVariable('args') && binding.getVariable('args') instanceof String[]
    }

    /** The CLI's name=value arguments (groovy = user=svc), or null; a refusal never repeats one: it may be a token value. */
    Map<String, String> cliArguments() {
        if (!fromCli()) {
            return null
        }
        Map<String, String> pairs = [:]
        ((String[]) binding.getVariable('args')).eachWithIndex { String argument, int index ->
            int equals = argument.indexOf('=')
            String name = equals < 0 ? '' : argument.substring(0, equals)
            if (!(name ==~ /[A-Za-z][A-Za-z0-9]*/)) {
                throw new ApiTokenKitError("argument ${index + 1} is not name=value (a parameter name, =, then its value)")
            }
            if (pairs.containsKey(name)) {
                throw new ApiTokenKitError("parameter ${name} given twice")
            }
            pairs[name] = argument.substring(equals + 1)
        }
        return pairs
    }

    Object convert(String name, Object value, Object fallback) {
        if (value == null) {
            throw new ApiTokenKitError("parameter ${name} has no value")
        }
        if (fallback instanceof Boolean) {
            String text = value.toString().trim().toLowerCase()
            if (text == 'true' || text == 'false') {
                return text == 'true'
            }
            throw new ApiTokenKitError("parameter ${name} must be true or false, not ${quote(value)}")
        }
        if (fallback instanceof Integer) {
            String text = value.toString().trim()
            if (text ==~ /-?\d{1,9}/) {
                return text as Integer
            }
            throw new ApiTokenKitError("parameter ${name} must be a whole number, not ${quote(value)}")
        }
        if (fallback instanceof List) {
            List items = value instanceof List ? value : value.toString().split(',') as List
            return items.collect { it.toString().trim() }.findAll { it }
        }
        if (!(value instanceof CharSequence)) {
            throw new ApiTokenKitError("parameter ${name} must be text")
        }
        return value.toString()
    }

    /** A value in a message: quoted, shown(), long ones shortened. */
    String quote(Object value) {
        String text = String.valueOf(value)
        return "'" + shown(text.length() > 80 ? text.take(80) : text) + (text.length() > 80 ? "...'" : "'")
    }

    /** Every UNPRINTABLE character as \\uXXXX: no name can fake a line or reorder one. */
    String shown(Object value) {
        String text = String.valueOf(value)
        java.util.regex.Matcher unprintable = UNPRINTABLE_CHARACTER.matcher(text)
        if (!unprintable.find()) {
            return text
        }
        StringBuffer escaped = new StringBuffer()
        unprintable.reset()
        while (unprintable.find()) {
            unprintable.appendReplacement(escaped, java.util.regex.Matcher.quoteReplacement(String.format('\\u%04X', unprintable.group().codePointAt(0))))
        }
        unprintable.appendTail(escaped)
        return escaped.toString()
    }

    /** A text parameter: '' is "not given"; blank or UNPRINTABLE is refused, never read as "not given". */
    String text(String name, String value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                throw new ApiTokenKitError("parameter ${name} is required")
            }
            return ''
        }
        if (value.trim().isEmpty()) {
            throw new ApiTokenKitError("parameter ${name} is blank: give a value${required ? '' : ', or leave it empty'}")
        }
        java.util.regex.Matcher bad = UNPRINTABLE_CHARACTER.matcher(value)
        if (bad.find()) {
            throw new ApiTokenKitError("parameter ${name} must not contain control, format or line-separator characters " +
                    "(${String.format('U+%04X', bad.group().codePointAt(0))} at position ${bad.start() + 1})")
        }
        if (value.length() > LONGEST_TEXT) {
            throw new ApiTokenKitError("parameter ${name} is ${value.length()} characters long; the kit takes at most ${LONGEST_TEXT}")
        }
        return value
    }

    /** "1 token", "2 tokens". */
    String count(int n, String noun) {
        return "${n} ${noun}${n == 1 ? '' : 's'}"
    }

    // ---- section versions: what the running Jenkins offers, asked by method, never by version
    /** Whether the running Jenkins has this method (of the object, or static of the class). */
    boolean has(Object target, String method, Class... types) {
        try {
            (target instanceof Class ? (Class) target : target.getClass()).getMethod(method, types)
            return true
        } catch (NoSuchMethodException ignored) {
            return false
        }
    }

    // ---- section users: the users a script acts on, never created
    /** An existing user: the kit never creates one, as User.get would from a typo. */
    hudson.model.User user(String id) {
        hudson.model.User user = findUser(id)
        if (user == null) {
            throw new ApiTokenKitError("no user ${quote(id)}: the kit never creates users; check the id under Manage Jenkins > Users")
        }
        return user
    }

    /** The user an id names, or null; ids are case-insensitive by default, so use user.id after. */
    hudson.model.User findUser(String id) {
        text('user', id, true)
        hudson.model.User user = hudson.model.User.getById(id, false)
        // Before SECURITY-3924 (2.576) the case-insensitive strategy took a dotless i for an i.
        if (user != null && user.id.toLowerCase(Locale.ROOT) != id.toLowerCase(Locale.ROOT)) {
            throw new ApiTokenKitError("user ${quote(id)} resolves to ${quote(user.id)}, another id: give that exact id if it is the one meant")
        }
        return user
    }

    jenkins.security.ApiTokenProperty tokens(hudson.model.User user) {
        jenkins.security.ApiTokenProperty tokens = user.getProperty(jenkins.security.ApiTokenProperty)
        if (tokens == null) {
            throw new ApiTokenKitError("user ${quote(user.id)} has no API token property")
        }
        return tokens
    }

    /** user= or allUsers=true, never both, and never everyone because an id was left empty. */
    List<hudson.model.User> users(String id, boolean allUsers) {
        String given = text('user', id, false)
        if (allUsers == !given.isEmpty()) {
            throw new ApiTokenKitError('choose either user=ID or allUsers=true')
        }
        return allUsers ? hudson.model.User.getAll().toList() : [user(given)]
    }

    // ---- section statistics (needs versions): whether a token's use can be told from usage statistics
    /** Before SECURITY-1072 (2.154, LTS 2.138.4, with ApiTokenStats.load(User)) a used token could look unused. */
    boolean usageStatisticsReliable() {
        return has(jenkins.security.apitoken.ApiTokenStats, 'load', hudson.model.User)
    }

    /** Usage statistics are on, and kept reliably. */
    boolean usageKnown() {
        return jenkins.security.apitoken.ApiTokenPropertyConfiguration.get().usageStatisticsEnabled && usageStatisticsReliable()
    }

    void requireReliableUsageStatistics(String what) {
        if (!usageStatisticsReliable()) {
            throw new ApiTokenKitError("usage statistics before Jenkins 2.154 (LTS 2.138.4) could show a used token as unused " +
                    "(SECURITY-1072): refusing ${what}; upgrade Jenkins, or choose the tokens by name or uuid")
        }
    }

    // ---- section csv: CSV output a spreadsheet cannot run
    static final java.util.regex.Pattern CSV_FORMULA_START = java.util.regex.Pattern.compile(/^[=+\-@\t\r]/)
    static final java.util.regex.Pattern CSV_NEEDS_QUOTES = java.util.regex.Pattern.compile(/[",\r\n]/)

    /** RFC 4180, with a header row; what a spreadsheet would run as a formula defused. */
    String csv(List<String> columns, List<Map> rows) {
        StringBuilder csv = new StringBuilder(columns.collect { csvCell(it) }.join(',')).append('\n')
        rows.each { Map row -> csv.append(columns.collect { csvCell(row[it]) }.join(',')).append('\n') }
        return csv.toString()
    }

    String csvCell(Object value) {
        String text = value == null ? '' : value.toString()
        if (!(value instanceof Number) && CSV_FORMULA_START.matcher(text).find()) {
            text = "'" + text
        }
        return CSV_NEEDS_QUOTES.matcher(text).find() ? '"' + text.replace('"', '""') + '"' : text
    }
}
// ---- end of api-token-kit runtime ----
