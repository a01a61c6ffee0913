/*
 * Purpose:    Find whose API token a leaked value is, among every user's tokens, and revoke it: for a value found in a
 *             log or a repository when nobody knows its owner.
 * Where:      Script Console, /scriptText (launcher), init.groovy.d
 * Jenkins:    2.129 (LTS 2.138.1): the token store and HashedToken.match; ApiTokenProperty.revokeToken from 2.260
 * Runs as:    the caller, who needs Overall/Administer to run scripts; SYSTEM in init.groovy.d
 * Changes:    removes every token the value matches (a legacy token for good, its seed included) and saves each
 *             changed user once; nothing with dryRun=true, the default
 * Secrets:    none printed (the launcher sends no sealing key); the value is used once, to hash it, and never shown
 * Parameters:
 *   value         String   ''       the leaked value, as found (console, init.groovy.d); the launcher never sends it
 *   valueSha256   String   ''       what the launcher sends instead: SHA-256 (hex) of the value as core hashes it
 *   dryRun        Boolean  true     say whose token it is and what would be revoked, change nothing
 *   format        String   'text'   text or json
 * Output:     text: a line per token the value matches (owner, name, uuid, creation, last use, expiry), then a
 *             summary; json: {dryRun, changed, revoked: [{user, name, uuid, legacy, created, lastUsed, useCount,
 *             expires}]}. No match means no user has an unexpired token of that value: core keeps only a hash of each
 *             token and never matches an expired one, which cannot authenticate either. A legacy token matches too
 *             (its 32 characters are hashed whole), and so does a new-style token's 32-character secret alone.
 * Example:    value: '11a3f...' (pasted), dryRun: false
 *             Revoked 'deploy' (uuid 52d1...) of 'svc-ci': created 2026-03-02, last used 2026-11-30 (212 uses), expires never.
 *             1 token revoked.
 */
import hudson.model.User
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration

Map defaults = [
        value      : '',
        valueSha256: '',
        dryRun     : true,
        format     : 'text',
]

new ApiTokenKit(binding).run(defaults, ['text', 'json']) { ApiTokenKit kit, Map p ->
    // Exactly one of the two; no message shows the value. Surrounding blanks are not part of any token.
    String value = p.value.trim()
    if (value.isEmpty() == p.valueSha256.isEmpty()) {
        throw new ApiTokenKitError('give exactly one of value and valueSha256 (the launcher turns value into valueSha256 itself)')
    }
    if (!value.isEmpty() && !(value ==~ /[\x21-\x7e]+/)) {
        throw new ApiTokenKitError('parameter value must be the token as found, printable ASCII without blanks; the value is not shown')
    }
    if (value.isEmpty() && !(p.valueSha256 ==~ /[0-9a-fA-F]{64}/)) {
        throw new ApiTokenKitError('parameter valueSha256 must be 64 hex characters: SHA-256 of the value as core hashes it')
    }
    byte[] hash = value.isEmpty() ? p.valueSha256.toLowerCase(Locale.ROOT).decodeHex() : ApiTokenKit.valueHash(value)
    boolean statistics = ApiTokenPropertyConfiguration.get().usageStatisticsEnabled
    Map<String, Map> details = [:]
    List<Map> revoked = kit.revokeWhere(User.getAll().toList(), p.dryRun) { User user, ApiTokenProperty tokens, info ->
        def stored = tokens.tokenStore.tokenListSortedByName.find { it.uuid == info.uuid }
        if (stored == null || !stored.match(hash)) {
            return false
        }
        Map found = [created : info.creationDate?.toInstant()?.toString(),
                     lastUsed: statistics ? info.lastUseDate?.toInstant()?.toString() : null,
                     useCount: statistics ? info.useCounter : null,
                     expires : kit.expiryOf(stored)?.toString()]
        details[info.uuid] = found
        return "created ${found.created ?: 'at an unknown date'}, " +
                (statistics ? (found.lastUsed ? "last used ${found.lastUsed} (${kit.count(found.useCount, 'use')})" : 'never used') : 'use unknown (usage statistics are disabled)') +
                ", expires ${found.expires ?: 'never'}"
    }
    List<Map> rows = revoked.collect { it.subMap(['user', 'name', 'uuid', 'legacy']) + details[it.uuid] }
    return [result: [dryRun: p.dryRun, changed: !p.dryRun && !rows.isEmpty()] + (p.dryRun ? [wouldChange: !rows.isEmpty()] : [:]) + [revoked: rows],
            text  : kit.revocationText(revoked, p.dryRun, 'token', 'No token of any user has this value, or it has expired (core keeps only a hash of each ' +
                    'token and never matches an expired one, which cannot authenticate either): nothing to revoke.')]
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

    // ---- section selection: which tokens a script acts on
    /** Exactly one of the selectors offered ([uuid:, name:, allExcept:, all:]); only all=true selects every token. */
    TokenSelector selector(Map offered) {
        Map<String, Object> chosen = offered.findAll { String kind, Object value ->
            value instanceof Boolean ? value : !text(kind, (String) value, false).isEmpty()
        }
        if (chosen.size() != 1) {
            throw new ApiTokenKitError("choose exactly one of ${offered.keySet().collect { it == 'all' ? 'all=true' : it }.join(', ')}" +
                    " (got ${chosen ? chosen.keySet().join(', ') : 'none'})")
        }
        String kind = chosen.keySet().first()
        return new TokenSelector(kind, kind == 'all' ? null : (String) chosen[kind])
    }

    /** By uuid, by exact name, every one but a uuid, or all. */
    static class TokenSelector {
        final String kind
        final String value

        TokenSelector(String kind, String value) {
            this.kind = kind
            this.value = value
        }

        boolean matches(Object token) {
            switch (kind) {
                case 'all': return true
                case 'uuid': return token.uuid == value
                case 'name': return token.name == value
                case 'allExcept': return token.uuid != value
            }
            throw new IllegalStateException('unknown token selector ' + kind)
        }
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

    // ---- section seeding (needs audit, versions, token-expiry, selection): a token with a known value, made or found
    /** The token of a name that authenticates with the value and has the expiry (current), and the others of that name. */
    Map seedMatch(Object tokens, String name, String value, java.time.LocalDate expiry) {
        TokenSelector selector = new TokenSelector('name', name)
        List sameName = tokens.tokenStore.tokenListSortedByName.findAll { selector.matches(it) }
        def current = null
        if (value != null) {
            byte[] hash = valueHash(value)
            current = sameName.find { token -> token.match(hash) && expiryOf(token) == expiry }
        }
        return [current: current, others: (sameName - current)*.uuid]
    }

    /** What core hashes and matches: SHA-256 of the value, less its version when 34 long (the launcher's valueSha256 too). */
    static byte[] valueHash(String value) {
        String hashed = value.length() == 34 ? value.substring(2) : value
        return java.security.MessageDigest.getInstance('SHA-256').digest(hashed.getBytes('US-ASCII'))
    }

    /** "11" and 32 lowercase hex characters; never shown. */
    String seedValue(String value, String source) {
        String trimmed = value == null ? '' : value.trim()
        if (!(trimmed ==~ /11[0-9a-fA-F]{32}/)) {
            throw new ApiTokenKitError("${source} must be \"11\" followed by 32 hex characters (34 in all); the value is not shown")
        }
        if (trimmed != trimmed.toLowerCase()) {
            throw new ApiTokenKitError("${source} has uppercase hex: Jenkins compares tokens case-sensitively after storing them lowercased, " +
                    'so it would never authenticate as given; use lowercase')
        }
        return trimmed
    }

    /** addFixedNewToken (2.260), with an expiry from 2.548; the uuid. */
    String addFixed(hudson.model.User user, Object tokens, String name, String value, java.time.LocalDate expiry) {
        if (!has(tokens, 'addFixedNewToken', String, String)) {
            throw new ApiTokenKitError('a token with a known value needs Jenkins 2.260 or newer (ApiTokenProperty.addFixedNewToken)')
        }
        String uuid
        if (expiry == null) {
            uuid = tokens.addFixedNewToken(name, value)
        } else if (has(tokens, 'addFixedNewToken', String, String, java.time.LocalDate)) {
            uuid = tokens.addFixedNewToken(name, value, expiry)
        } else {
            throw new ApiTokenKitError('token expiry needs Jenkins 2.548 or newer; leave expires empty on this controller')
        }
        audit('seed', false, newTokenRecord(user, name, uuid, expiry))
        return uuid
    }

}
// ---- end of api-token-kit runtime ----
