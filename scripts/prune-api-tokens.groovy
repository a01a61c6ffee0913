/*
 * Purpose:    Revoke API tokens that expired, that were not used for N days, or that were never used and are N days old.
 * Where:      Script Console, /scriptText (launcher), init.groovy.d
 * Jenkins:    2.129 (LTS 2.138.1): the token list and usage statistics; expired=true needs 2.548 (LTS 2.555.1);
 *             unusedForDays and neverUsedOlderThanDays need 2.154 (LTS 2.138.4), whose usage statistics are reliable
 * Runs as:    the caller, who needs Overall/Administer to run scripts; SYSTEM in init.groovy.d
 * Changes:    removes the tokens that meet any chosen criterion and saves each changed user once; nothing with
 *             dryRun=true, the default. Refuses the usage criteria while usage statistics are disabled, because then
 *             every token looks unused, and before 2.154 (LTS 2.138.4), whose statistics could call a used token
 *             unused (SECURITY-1072). Tokens whose creation date is unknown (migrated legacy ones) are never pruned
 *             by age.
 * Secrets:    none printed (the launcher sends no sealing key)
 * Parameters:
 *   user                    String   ''       id of one user
 *   allUsers                Boolean  false    every user instead of one
 *   expired                 Boolean  false    revoke tokens past their expiration date
 *   unusedForDays           Integer  0        revoke tokens last used this many days ago or more (never used: counted from creation); 0 off
 *   neverUsedOlderThanDays  Integer  0        revoke never-used tokens created this many days ago or more; 0 off
 *   graceOver               Boolean  false    retire tokens in grace (rotate-api-token graceDays) once their replacement
 *                                             has been used (usage statistics on) or their grace date has passed
 *   dryRun                  Boolean  true     say what would be revoked, change nothing
 *   format                  String   'text'   text or json
 * Output:     text: one line per token with the reason, then a summary; json: {dryRun, changed, revoked: [{user, name,
 *             uuid, reason}]}.
 * Example:    allUsers: true, unusedForDays: 90, dryRun: false
 *             Revoked 'old-laptop' (uuid 52d1...) of 'alice': unused for 143 days.
 *             1 token revoked.
 */
import hudson.model.User
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration

import java.util.concurrent.TimeUnit

Map defaults = [
        user                  : '',
        allUsers              : false,
        expired               : false,
        unusedForDays         : 0,
        neverUsedOlderThanDays: 0,
        graceOver             : false,
        dryRun                : true,
        format                : 'text',
]

new ApiTokenKit(binding).run(defaults, ['text', 'json']) { ApiTokenKit kit, Map p ->
    if (!p.expired && p.unusedForDays == 0 && p.neverUsedOlderThanDays == 0 && !p.graceOver) {
        throw new ApiTokenKitError('choose at least one criterion: expired=true, unusedForDays, neverUsedOlderThanDays or graceOver=true')
    }
    if (p.expired && !kit.expirySupported()) {
        throw new ApiTokenKitError('expired=true needs token expiry, which Jenkins has from 2.548 (LTS 2.555.1); no token can have expired here, nothing was changed')
    }
    if (p.unusedForDays < 0 || p.neverUsedOlderThanDays < 0) {
        throw new ApiTokenKitError('unusedForDays and neverUsedOlderThanDays must be 0 (off) or more')
    }
    if ((p.unusedForDays > 0 || p.neverUsedOlderThanDays > 0) && !ApiTokenPropertyConfiguration.get().usageStatisticsEnabled) {
        throw new ApiTokenKitError('usage statistics are disabled (Manage Jenkins > Security > API Token), so every token looks unused: ' +
                'refusing to prune by use; enable them and wait long enough for them to mean something')
    }
    if (p.unusedForDays > 0 || p.neverUsedOlderThanDays > 0) {
        kit.requireReliableUsageStatistics('to prune by use')
    }
    List<User> users = kit.users(p.user, p.allUsers)
    long now = System.currentTimeMillis()
    List<Map> revoked = kit.revokeWhere(users, p.dryRun) { User user, ApiTokenProperty tokens, info ->
        Long createdDays = info.creationDate == null ? null : TimeUnit.MILLISECONDS.toDays(now - info.creationDate.time)
        Long idleDays = info.lastUseDate != null ? TimeUnit.MILLISECONDS.toDays(now - info.lastUseDate.time) : createdDays
        // A replacement's use retires a token in grace where usage is known, its date always; without its replacement an
        // old token may be the only one that works, and is left for a person to judge.
        Map grace = p.graceOver ? kit.graceState(tokens, info) : null
        if (grace?.replacementExists && grace.replacementUsed) {
            return "in grace, and its replacement ${grace.replacedBy} has been used"
        }
        if (grace?.replacementExists && grace.datePassed) {
            return "its grace ended on ${grace.until}"
        }
        if (p.expired && kit.expired(info)) {
            return 'expired'
        }
        if (p.unusedForDays > 0 && idleDays != null && idleDays >= p.unusedForDays) {
            return info.lastUseDate != null ? "unused for ${idleDays} days" : "never used in ${idleDays} days"
        }
        if (p.neverUsedOlderThanDays > 0 && info.lastUseDate == null && createdDays != null && createdDays >= p.neverUsedOlderThanDays) {
            return "never used in ${createdDays} days"
        }
        return null
    }
    return [result: [dryRun: p.dryRun, changed: !p.dryRun && !revoked.isEmpty()] + (p.dryRun ? [wouldChange: !revoked.isEmpty()] : [:]) + [revoked: revoked.collect { it.subMap(['user', 'name', 'uuid', 'reason']) }],
            text  : kit.revocationText(revoked, p.dryRun, 'token', 'No token meets the criteria: nothing to revoke.')]
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

    // ---- section revocation (needs audit, versions): the one way tokens are revoked, and what is said of it
    /**
     * The one way tokens are revoked: under the lock of each user's token store, the listed tokens for which
     * choose(user, tokens, tokenInfo) answers true or a reason, with one save. One [user, name, uuid, legacy, reason] each.
     */
    List<Map> revokeWhere(List<hudson.model.User> users, boolean dryRun, Closure choose) {
        List<Map> chosen = []
        users.each { hudson.model.User user ->
            def tokens = user.getProperty(jenkins.security.ApiTokenProperty)
            if (tokens == null) {
                return
            }
            synchronized (tokens.tokenStore) {
                List<Map> ofUser = []
                tokens.tokenList.each { info ->
                    def verdict = choose.call(user, tokens, info)
                    if (verdict) {
                        ofUser << [user: user.id, name: info.name, uuid: info.uuid, legacy: info.isLegacy,
                                   reason: verdict instanceof CharSequence ? verdict.toString() : null]
                    }
                }
                if (dryRun) {
                    wouldRevoke(user, tokens, ofUser*.uuid)
                } else {
                    revokeAll(user, tokens, ofUser*.uuid)
                }
                chosen.addAll(ofUser)
            }
        }
        return chosen
    }

    /** What revokeWhere did or would do, for people. */
    String revocationText(List<Map> revoked, boolean dryRun, String noun, String nothing) {
        StringBuilder text = new StringBuilder()
        revoked.each { Map token ->
            // Not append(GString): it reads it char by char, making the whole string each time.
            text << ("${dryRun ? 'Would revoke' : 'Revoked'} ${token.legacy ? 'the legacy token ' : ''}${quote(token.name)} " +
                    "(uuid ${token.uuid}) of ${quote(token.user)}${token.reason ? ': ' + token.reason : ''}.\n")
        }
        int n = revoked.size()
        text.append(n == 0 ? nothing + '\n' : dryRun ? "Dry run: nothing changed. Run with dryRun=false to revoke ${count(n, noun)}.\n" :
                "${count(n, noun)} revoked.\n")
        return text.toString()
    }

    /** Revokes one token (revokeToken, 2.260; the store before); false when unknown. */
    boolean revoke(hudson.model.User user, Object tokens, String uuid) {
        def token = tokens.tokenStore.tokenListSortedByName.find { it.uuid == uuid }
        if (token == null) {
            return false
        }
        Map record = tokenRecord(user, token)
        if (has(tokens, 'revokeToken', String)) {
            tokens.revokeToken(uuid)
        } else {
            def revoked = tokens.tokenStore.revokeToken(uuid)
            if (revoked.isLegacy()) {
                tokens.deleteApiToken()
            }
            tokens.tokenStats.removeId(uuid)
            user.save()
        }
        audit('revoke', false, record)
        return true
    }

    /** Revokes tokens of one user with a single save. */
    void revokeAll(hudson.model.User user, Object tokens, List<String> uuids) {
        if (!uuids) {
            return
        }
        hudson.BulkChange change = new hudson.BulkChange(user)
        try {
            uuids.each { revoke(user, tokens, it) }
            change.commit()
        } finally {
            change.abort()
        }
    }

    /** The audit records of a dry run that would revoke these tokens. */
    void wouldRevoke(hudson.model.User user, Object tokens, List<String> uuids) {
        tokens.tokenStore.tokenListSortedByName.findAll { it.uuid in uuids }.each { token ->
            audit('revoke', true, tokenRecord(user, token))
        }
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

}
// ---- end of api-token-kit runtime ----
