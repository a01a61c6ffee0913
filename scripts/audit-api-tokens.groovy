/*
 * Purpose:    Audit the API tokens of one user or of every user: findings with a kind and a severity (expired,
 *             expiring soon, never expiring, unused, never used, legacy, owner with Overall/Administer, owner unknown to
 *             the security realm, against the lifetime policy), for people, dashboards and alerts.
 * Where:      Script Console, /scriptText (launcher), init.groovy.d
 * Jenkins:    2.129 (LTS 2.138.1): the token store; expiry findings 2.548 (LTS 2.555.1); owner findings 2.266 (LTS 2.277.1)
 *             (each said to be unavailable on an older Jenkins)
 * Runs as:    the caller, who needs Overall/Administer to run scripts; SYSTEM in init.groovy.d
 * Changes:    nothing
 * Secrets:    none printed (the launcher sends no sealing key)
 * Parameters:
 *   user                String   ''       id of one user; empty audits every user
 *   expiringWithinDays  Integer  14       an unexpired token expiring within this many days is a finding; 0 off
 *   unusedForDays       Integer  90       a token last used this many days ago or more, or never used and created that
 *                                         long ago, is a finding; 0 off; not judged while usage statistics are off
 *   maxLifetimeDays     Integer  0        lifetime policy: a token living longer than this from its creation is a finding
 *   requireExpiry       Boolean  false    lifetime policy: a token that never expires is a finding
 *   minSeverity         String   'info'   report findings of this severity or above: info, warning or critical
 *   format              String   'text'   text, json or csv
 * Output:     text: the findings grouped by user (a controller-wide one under "(controller)"), then the count of each
 *             kind; json: {findings: [{user, name, uuid, kind, severity, detail}], counts: {kind: n}, severities:
 *             {critical, warning, info}, changed}; csv: the findings' columns. Kinds and severities: expired, expiring,
 *             unused, never-used, legacy, owner-unverifiable (warning); owner-unknown, policy (critical); no-expiry,
 *             in-grace, owner-administer, usage-unknown, expiry-unavailable, owner-checks-unavailable (info); in-grace
 *             is a warning once its date has passed without its replacement. Through the launcher, --fail-on SEVERITY
 *             exits 6 when a finding is at or above it.
 * Example:    user: 'svc-ci'
 *             svc-ci
 *               deploy  52d1...  warning   unused: last used 2026-06-02, 182 days ago
 *             Findings: unused 1 (critical 0, warning 1, info 0).
 */
import hudson.model.User
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration

import java.time.LocalDate
import java.time.ZoneId
import java.time.temporal.ChronoUnit

Map defaults = [
        user              : '',
        expiringWithinDays: 14,
        unusedForDays     : 90,
        maxLifetimeDays   : 0,
        requireExpiry     : false,
        minSeverity       : 'info',
        format            : 'text',
]

new ApiTokenKit(binding).run(defaults, ['text', 'json', 'csv']) { ApiTokenKit kit, Map p ->
    List<String> severities = ['info', 'warning', 'critical']
    if (!(p.minSeverity in severities)) {
        throw new ApiTokenKitError("parameter minSeverity must be one of ${severities.join(', ')}, not ${kit.quote(p.minSeverity)}")
    }
    ['expiringWithinDays', 'unusedForDays', 'maxLifetimeDays'].each { String name ->
        if (p[name] < 0) {
            throw new ApiTokenKitError("parameter ${name} must be 0 (off) or more, not ${p[name]}")
        }
    }
    List<User> users = kit.users(p.user, p.user.isEmpty())
    LocalDate today = LocalDate.now()
    boolean expiry = kit.expirySupported()
    boolean usage = kit.usageKnown()
    boolean policy = p.requireExpiry || p.maxLifetimeDays > 0
    List<Map> findings = []
    Closure found = { User user, token, String kind, String severity, String detail ->
        findings << [user: user?.id, name: token?.name, uuid: token?.uuid, kind: kind, severity: severity, detail: detail]
    }
    if (!expiry) {
        found(null, null, 'expiry-unavailable', 'info', 'tokens cannot expire before Jenkins 2.548 (LTS 2.555.1): no expiry or lifetime finding is made')
    }
    if (p.unusedForDays > 0 && !usage) {
        found(null, null, 'usage-unknown', 'info', ApiTokenPropertyConfiguration.get().usageStatisticsEnabled ?
                'usage statistics before Jenkins 2.154 could show a used token as unused (SECURITY-1072): no unused finding is made' :
                'usage statistics are disabled (Manage Jenkins > Security > API Token): no unused finding is made')
    }
    boolean ownersChecked = true
    users.each { User user ->
        ApiTokenProperty tokens = user.getProperty(ApiTokenProperty)
        if (tokens == null || tokens.tokenList.isEmpty()) {
            return
        }
        Map stored = tokens.tokenStore.tokenListSortedByName.collectEntries { [(it.uuid): it] }
        Map owner = kit.ownerStanding(user)
        if (owner == null) {
            ownersChecked = false
        }
        tokens.tokenList.each { info ->
            def token = stored[info.uuid]
            LocalDate created = info.creationDate == null ? null : info.creationDate.toInstant().atZone(ZoneId.systemDefault()).toLocalDate()
            LocalDate expires = token == null ? null : kit.expiryOf(token)
            if (expiry && expires != null && expires.isBefore(today)) {
                found(user, info, 'expired', 'warning', "expired on ${expires}: it no longer authenticates; revoke it")
            } else if (expiry && expires != null && p.expiringWithinDays > 0 && ChronoUnit.DAYS.between(today, expires) <= p.expiringWithinDays) {
                found(user, info, 'expiring', 'warning', "expires on ${expires}, in ${kit.count((int) ChronoUnit.DAYS.between(today, expires), 'day')}")
            } else if (expiry && expires == null && !policy) {
                found(user, info, 'no-expiry', 'info', 'never expires')
            }
            if (usage && p.unusedForDays > 0) {
                Date lastUse = info.lastUseDate
                if (lastUse != null) {
                    long idle = ChronoUnit.DAYS.between(lastUse.toInstant().atZone(ZoneId.systemDefault()).toLocalDate(), today)
                    if (idle >= p.unusedForDays) {
                        found(user, info, 'unused', 'warning', "last used ${lastUse.toInstant().atZone(ZoneId.systemDefault()).toLocalDate()}, ${kit.count((int) idle, 'day')} ago")
                    }
                } else if (created != null && ChronoUnit.DAYS.between(created, today) >= p.unusedForDays) {
                    found(user, info, 'never-used', 'warning', "never used, created ${created}, ${kit.count((int) ChronoUnit.DAYS.between(created, today), 'day')} ago")
                }
            }
            Map grace = kit.graceState(tokens, info)
            if (grace != null) {
                // Past its date without its replacement, prune leaves it: a credential meant to be gone, for a person to judge.
                boolean overdue = !grace.replacementExists && grace.datePassed
                found(user, info, 'in-grace', overdue ? 'warning' : 'info', "in grace until ${grace.until}, replaced by ${grace.replacedBy}" +
                        (grace.replacementUsed ? ', which has been used: prune-api-tokens graceOver=true retires it' :
                                overdue ? ', which no longer exists, and the date has passed: revoke it unless something still needs it' :
                                        !grace.replacementExists ? ', which no longer exists: prune leaves it; decide whether it is still needed' : ''))
            }
            if (info.isLegacy) {
                found(user, info, 'legacy', 'warning', 'a legacy token: replace it with a named token and revoke it (revoke-legacy-api-tokens)')
            }
            if (expiry && policy) {
                String breach = expires == null ? 'never expires' :
                        p.maxLifetimeDays > 0 && created != null && ChronoUnit.DAYS.between(created, expires) > p.maxLifetimeDays ?
                                "lives ${kit.count((int) ChronoUnit.DAYS.between(created, expires), 'day')}, from ${created} to ${expires}" : null
                if (breach != null) {
                    String rule = [p.requireExpiry ? 'requireExpiry=true' : null, p.maxLifetimeDays ? "maxLifetimeDays=${p.maxLifetimeDays}" : null].findAll().join(', ')
                    found(user, info, 'policy', 'critical', "breaks the lifetime policy (${rule}): ${breach}")
                }
            }
            if (owner?.known == false) {
                found(user, info, 'owner-unknown', 'critical', 'the security realm does not know its owner (departed or renamed): Jenkins answers ' +
                        'this token with HTTP 500, impersonation failed; revoke it')
            } else if (owner != null && owner.known == null) {
                found(user, info, 'owner-unverifiable', 'warning', "the security realm could not tell whether it knows its owner (${owner.why})")
            } else if (owner?.administer) {
                found(user, info, 'owner-administer', 'info', 'its owner has Overall/Administer, and a token carries all of its owner\'s permissions')
            }
        }
    }
    if (!ownersChecked) {
        found(null, null, 'owner-checks-unavailable', 'info', 'asking the security realm about an owner needs Jenkins 2.266 (LTS 2.277.1): no owner finding is made')
    }
    List<Map> shown = findings.findAll { severities.indexOf(it.severity) >= severities.indexOf(p.minSeverity) }
    Map<String, Integer> counts = new TreeMap<String, Integer>(shown.countBy { it.kind })
    Map<String, Integer> bySeverity = severities.reverse().collectEntries { String severity -> [(severity): shown.count { it.severity == severity }] }
    String summary = "Findings: ${counts ? counts.collect { kind, n -> "${kind} ${n}" }.join(', ') : 'none'} " +
            "(${bySeverity.collect { severity, n -> "${severity} ${n}" }.join(', ')}).\n"
    return [result: [findings: shown, counts: counts, severities: bySeverity, changed: false],
            csv   : { kit.csv(['user', 'name', 'uuid', 'kind', 'severity', 'detail'], shown) },
            text  : {
                StringBuilder text = new StringBuilder()
                // Each user's findings, then the controller-wide ones.
                shown.groupBy { it.user }.sort { a, b -> (a.key == null) <=> (b.key == null) }.each { String user, List<Map> ofUser ->
                    text << (user == null ? '(controller)' : kit.shown(user)) << '\n'
                    ofUser.each { Map finding ->
                        text << '  ' << (finding.name == null ? '' : kit.shown(finding.name) + '  ' + finding.uuid + '  ') <<
                                finding.severity.padRight(9) << ' ' << finding.kind << ': ' << kit.shown(finding.detail) << '\n'
                    }
                }
                text << summary
                text.toString()
            }]
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

    // ---- section expires (needs versions): the expires parameter and the lifetime policy
    /** '' or 'never' for none, days from today (0 to 36500), or an ISO date; never in the past. */
    java.time.LocalDate expiry(String expires) {
        String text = this.text('expires', expires, false).trim()
        if (text.isEmpty() || text == 'never') {
            return null
        }
        java.time.LocalDate expiry
        if (text ==~ /-?\d{1,12}/) {
            long days = text as long
            if (days < 0 || days > 36500) {
                throw new ApiTokenKitError("parameter expires must be a number of days from 0 to 36500, not ${days}")
            }
            expiry = java.time.LocalDate.now().plusDays(days)
        } else {
            try {
                expiry = java.time.LocalDate.parse(text)
            } catch (java.time.format.DateTimeParseException ignored) {
                throw new ApiTokenKitError("parameter expires must be a number of days from 0 to 36500, a date like 2027-01-31, empty or never; not ${quote(text)}")
            }
        }
        if (expiry.isBefore(java.time.LocalDate.now())) {
            throw new ApiTokenKitError("parameter expires is in the past (${expiry}): the token would be born expired")
        }
        return expiry
    }

    /** The lifetime policy, wherever a token is made: it must expire (requireExpiry), within maxLifetimeDays (0: any). */
    void requirePolicy(java.time.LocalDate expiry, int maxLifetimeDays, boolean requireExpiry) {
        if (maxLifetimeDays < 0) {
            throw new ApiTokenKitError("parameter maxLifetimeDays must be 0 (no limit) or more, not ${maxLifetimeDays}")
        }
        if (!requireExpiry && maxLifetimeDays == 0) {
            return
        }
        String policy = [requireExpiry ? 'requireExpiry=true' : null, maxLifetimeDays ? "maxLifetimeDays=${maxLifetimeDays}" : null].findAll().join(', ')
        if (!expirySupported()) {
            throw new ApiTokenKitError("the lifetime policy (${policy}) needs token expiry, which Jenkins has from 2.548 (LTS 2.555.1); nothing was changed")
        }
        if (expiry == null) {
            throw new ApiTokenKitError("the lifetime policy (${policy}) refuses a token that never expires: give expires" +
                    (maxLifetimeDays ? ", at most ${maxLifetimeDays} days from today" : ''))
        }
        java.time.LocalDate latest = java.time.LocalDate.now().plusDays(maxLifetimeDays)
        if (maxLifetimeDays && expiry.isAfter(latest)) {
            throw new ApiTokenKitError("the lifetime policy (${policy}) refuses expires ${expiry}: at most ${latest}")
        }
    }

    /** Whether tokens can expire (HashedToken.getExpirationDate, 2.548). */
    boolean expirySupported() {
        return has(jenkins.security.apitoken.ApiTokenStore.HashedToken, 'getExpirationDate')
    }

    // ---- section token-expiry (needs versions): what a stored or listed token says of its expiry
    /** A stored token's expiry; null when it has none, as before 2.548. */
    java.time.LocalDate expiryOf(Object hashedToken) {
        return has(hashedToken, 'getExpirationDate') ? hashedToken.expirationDate : null
    }

    /** Whether a listed token (TokenInfoAndStats) has expired, or expires within a week; never before 2.548. */
    boolean expired(Object tokenInfo) {
        return tokenInfo.hasProperty('expired') ? tokenInfo.expired : false
    }

    boolean aboutToExpire(Object tokenInfo) {
        return tokenInfo.hasProperty('aboutToExpire') ? tokenInfo.aboutToExpire : false
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

    // ---- section audit (needs versions, token-expiry): the audit record of every change, and who made it
    /** Every change, a JSON object per line at INFO: route it to a log recorder or a file. */
    static final java.util.logging.Logger AUDIT = java.util.logging.Logger.getLogger('io.github.apitokenkit.audit')
    /** The actions on one token: their records hold TOKEN_RECORD's keys, in order, null where unknown. */
    static final List<String> TOKEN_ACTIONS = ['create', 'seed', 'revoke', 'grace', 'change-legacy']
    static final List<String> TOKEN_RECORD = ['user', 'name', 'uuid', 'expires', 'legacy']

    /** The audit details of a stored token (HashedToken), as it is now. */
    Map tokenRecord(hudson.model.User user, Object token) {
        return [user: user.id, name: token.name, uuid: token.uuid, expires: expiryOf(token)?.toString(), legacy: token.isLegacy()]
    }

    /** The audit details of a token made, or one a dry run would make (uuid null). */
    Map newTokenRecord(hudson.model.User user, String name, String uuid, java.time.LocalDate expiry) {
        return [user: user.id, name: name, uuid: uuid, expires: expiry?.toString(), legacy: false]
    }

    /**
     * Records a change, or one a dry run would make, on the AUDIT logger (core fires no event for tokens) and in the
     * envelope: time, by, action, dryRun, then the details, never a token value.
     */
    void audit(String action, boolean dryRun, Map details) {
        Map record = [time: java.time.Instant.now().toString(), by: auditCaller(), action: action, dryRun: dryRun]
        if (action in TOKEN_ACTIONS) {
            if (details.keySet() != (TOKEN_RECORD as Set)) {
                // The script's defect: automation relies on one shape per action.
                throw new IllegalStateException("a ${action} audit record takes exactly ${TOKEN_RECORD.join(', ')}, not ${details.keySet().join(', ')}")
            }
            TOKEN_RECORD.each { String key -> record[key] = details[key] }
        } else {
            record.putAll(details)
        }
        auditRecords << record
        AUDIT.info(groovy.json.JsonOutput.toJson(record))
    }

    /** Who runs the script: a user id, or SYSTEM (at boot, or with no current user before 2.266). */
    String auditCaller() {
        if (has(jenkins.model.Jenkins, 'getAuthentication2')) {
            return jenkins.model.Jenkins.getAuthentication2().name
        }
        return hudson.model.User.current()?.id ?: 'SYSTEM'
    }

    // ---- section grace (needs audit): rotation with grace, kept in the old token's own name
    /** A token in grace is named: its name [in grace until DATE, replaced by UUID]. */
    static final java.util.regex.Pattern IN_GRACE = java.util.regex.Pattern.compile(/^(.*) \[in grace until (\d{4}-\d\d-\d\d), replaced by ([0-9a-f-]{36})\]$/)

    /**
     * Instead of revoking them, renames the old tokens to say until when and by which token they are replaced, so the
     * state is saved with the user; prune graceOver=true retires each once the replacement is used or the date passes.
     */
    void putInGrace(hudson.model.User user, Object tokens, List<String> uuids, String replacement, java.time.LocalDate until, boolean dryRun) {
        List chosen = tokens.tokenStore.tokenListSortedByName.findAll { it.uuid in uuids }
        if (dryRun) {
            chosen.each { token -> audit('grace', true, tokenRecord(user, token)) }
            return
        }
        chosen.each { token ->
            // Before the rename, which changes the stored token: the record names it as it was.
            Map record = tokenRecord(user, token)
            tokens.tokenStore.renameToken(token.uuid, "${token.name} [in grace until ${until}, replaced by ${replacement}]".toString())
            audit('grace', false, record)
        }
        if (chosen) {
            user.save()
        }
    }

    /** [name, until, replacedBy] of a token in grace, or null; an owner editing the mark only affects their own token. */
    Map grace(Object token) {
        java.util.regex.Matcher marked = IN_GRACE.matcher(String.valueOf(token.name))
        if (!marked.matches()) {
            return null
        }
        try {
            return [name: marked.group(1), until: java.time.LocalDate.parse(marked.group(2)), replacedBy: marked.group(3)]
        } catch (java.time.format.DateTimeParseException ignored) {
            return null
        }
    }

    // ---- section grace-state (needs grace, statistics): where a token in grace stands
    /** grace(token), whether its replacement exists and was used (where usage is known), and whether its date passed. */
    Map graceState(Object tokens, Object token) {
        Map grace = grace(token)
        if (grace == null) {
            return null
        }
        def replacement = tokens.tokenList.find { it.uuid == grace.replacedBy }
        return grace + [replacementExists: replacement != null, replacementUsed: replacement != null && usageKnown() && replacement.useCounter > 0,
                        datePassed       : java.time.LocalDate.now().isAfter(grace.until)]
    }

    // ---- section owners (needs versions): what the security realm says of a token's owner
    /**
     * What the realm says of a user, asked as core asks when a token authenticates (impersonate2, 2.266): [known: true,
     * administer:], [known: false] (core answers the token 500), [known: null, why:] when it cannot tell; null before.
     */
    Map ownerStanding(hudson.model.User user) {
        if (!has(hudson.model.User, 'impersonate2')) {
            return null
        }
        def authentication
        try {
            authentication = user.impersonate2()
        } catch (RuntimeException e) {
            // By name: Spring's class is not on the class path before 2.266.
            boolean denied = false
            for (Class type = e.getClass(); type != null; type = type.superclass) {
                denied = denied || type.name == 'org.springframework.security.core.userdetails.UsernameNotFoundException'
            }
            return denied ? [known: false] : [known: null, why: e.getClass().simpleName]
        }
        return [known: true, administer: jenkins.model.Jenkins.get().getACL().hasPermission2(authentication, jenkins.model.Jenkins.ADMINISTER)]
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
