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

    // ---- section system: running code as SYSTEM, on a Jenkins that can (2.266)
    /** Refused before any change without ACL.as2 and ACL.SYSTEM2 (2.266, LTS 2.277.1); acl lets a spec stand in an older one. */
    void requireSystemContext(Class acl = hudson.security.ACL) {
        if (!acl.methods.any { it.name == 'as2' }) {
            throw new ApiTokenKitError('this script needs Jenkins 2.266 or newer (ACL.as2, ACL.SYSTEM2, Jenkins.getAuthentication2); nothing was changed')
        }
    }

    /** What body answers when run as SYSTEM; call requireSystemContext() before any change. */
    Object asSystem(Closure body) {
        def context = hudson.security.ACL.as2(hudson.security.ACL.SYSTEM2)
        try {
            return body.call()
        } finally {
            context.close()
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

    // ---- section json: a JSON document the kit reads, refused when a key is given twice
    /** A JSON document, refused in one line when not JSON or a key is given twice (JsonSlurper keeps the last, silently). */
    Object readJson(String text, String what) {
        Object parsed
        try {
            parsed = new groovy.json.JsonSlurper().parseText(text)
        } catch (Exception e) {
            throw new ApiTokenKitError("${what} is not valid JSON (${e.message?.readLines()?.find() ?: e.class.simpleName})")
        }
        Map twice = keyGivenTwice(text)
        if (twice != null) {
            throw new ApiTokenKitError("${what} gives the key ${quote(twice.key)} twice ${twice.path ? 'in ' + twice.path : 'in the top-level object'}")
        }
        return parsed
    }

    /** The first key given twice in an object of a parsed JSON text, and the object's path; keys compared escapes decoded. */
    static Map keyGivenTwice(String text) {
        // A frame per open object or list: its keys seen (null for a list), its path, the item's index.
        List<Map> open = []
        String key = null
        int i = 0
        while (i < text.length()) {
            char c = text.charAt(i)
            Map frame = open ? open[-1] : null
            if (c == (char) '"') {
                StringBuilder string = new StringBuilder()
                i++
                while (i < text.length() && text.charAt(i) != (char) '"') {
                    char next = text.charAt(i)
                    if (next == (char) '\\' && i + 1 < text.length()) {
                        char escaped = text.charAt(++i)
                        if (escaped == (char) 'u' && i + 4 < text.length()) {
                            string.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16))
                            i += 4
                        } else {
                            string.append(['b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'][escaped.toString()] ?: escaped.toString())
                        }
                    } else {
                        string.append(next)
                    }
                    i++
                }
                if (frame != null && frame.keys != null && frame.expectingKey) {
                    key = string.toString()
                    if (!frame.keys.add(key)) {
                        return [key: key, path: frame.path]
                    }
                    frame.expectingKey = false
                }
            } else if (c == (char) '{' || c == (char) '[') {
                String path = frame == null ? '' : frame.keys == null ? "${frame.path}[${frame.index}]" : frame.path ? "${frame.path}.${key}" : key
                open << [keys: c == (char) '{' ? new HashSet<String>() : null, expectingKey: true, path: path, index: 0]
            } else if ((c == (char) '}' || c == (char) ']') && open) {
                open.remove(open.size() - 1)
            } else if (c == (char) ',' && frame != null) {
                frame.expectingKey = true
                frame.index++
            }
            i++
        }
        return null
    }

    // ---- section policy-file: the lifetime policy as a JSON file gives it
    /**
     * The lifetime policy of a JSON file, {"maxLifetimeDays": 90, "requireExpiry": true} (each optional), as
     * [maxLifetimeDays, requireExpiry]; anything else refused. The launcher's --policy takes the same (policy-cases.tsv).
     */
    Map lifetimePolicy(Object policy) {
        if (!(policy instanceof Map) || !['maxLifetimeDays', 'requireExpiry'].containsAll(policy.keySet()) ||
                (policy.containsKey('maxLifetimeDays') && !(policy.maxLifetimeDays instanceof Integer && policy.maxLifetimeDays >= 0)) ||
                (policy.containsKey('requireExpiry') && !(policy.requireExpiry instanceof Boolean))) {
            throw new ApiTokenKitError('must be an object like {"maxLifetimeDays": 90, "requireExpiry": true}')
        }
        return [maxLifetimeDays: policy.maxLifetimeDays ?: 0, requireExpiry: policy.requireExpiry == true]
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

    // ---- section creation (needs audit, versions): making a token with a generated value
    /** generateNewToken (2.260), with an expiry from 2.548, or the token store and a save; print the value via secret(). */
    Map create(hudson.model.User user, Object tokens, String name, java.time.LocalDate expiry) {
        def created
        if (expiry != null) {
            if (!has(tokens, 'generateNewToken', String, java.time.LocalDate)) {
                throw new ApiTokenKitError('token expiry needs Jenkins 2.548 or newer; leave expires empty on this controller')
            }
            created = tokens.generateNewToken(name, expiry)
        } else if (has(tokens, 'generateNewToken', String)) {
            created = tokens.generateNewToken(name)
        } else {
            created = tokens.tokenStore.generateNewToken(name)
            user.save()
        }
        audit('create', false, newTokenRecord(user, name, created.tokenUuid, expiry))
        return [uuid: created.tokenUuid, value: created.plainValue]
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

    // ---- section secret-files (needs creation, revocation): a token value written to a file only its owner can read
    /** Its folders (0700) and an empty 0600 temporary file beside it: a folder Jenkins cannot write is found first. */
    java.nio.file.Path prepareSecret(File file) {
        return prepareSecret(file.absoluteFile.toPath())
    }

    java.nio.file.Path prepareSecret(java.nio.file.Path target) {
        if (java.nio.file.Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS) &&
                !java.nio.file.Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // Moving onto a folder, link or device would fail after the token was made.
            throw new ApiTokenKitError("cannot write ${target}: it is ${java.nio.file.Files.isDirectory(target) ? 'a folder' : 'not a regular file'}; " +
                    'choose the path of a regular file as outputFile')
        }
        java.nio.file.Path dir = target.parent
        try {
            boolean posix = dir.fileSystem.supportedFileAttributeViews().contains('posix')
            if (!java.nio.file.Files.isDirectory(dir)) {
                if (posix) {
                    java.nio.file.Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString('rwx------')))
                } else {
                    java.nio.file.Files.createDirectories(dir)
                }
            }
            if (posix) {
                return java.nio.file.Files.createTempFile(dir, '.api-token-kit', '.tmp',
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString('rw-------')))
            }
            return ownerOnly(java.nio.file.Files.createTempFile(dir, '.api-token-kit', '.tmp'))
        } catch (IOException e) {
            throw new ApiTokenKitError("cannot write ${target} (${e.class.simpleName}: ${e.message}); make its folder writable by Jenkins or choose another outputFile")
        }
    }

    /** Without POSIX modes, an access control list of the owner alone (Windows); with neither, refused. */
    java.nio.file.Path ownerOnly(java.nio.file.Path file) {
        def acl = java.nio.file.Files.getFileAttributeView(file, java.nio.file.attribute.AclFileAttributeView)
        if (acl == null) {
            java.nio.file.Files.deleteIfExists(file)
            throw new ApiTokenKitError("cannot keep a token file private on the file system of ${file.parent}: it has neither POSIX " +
                    'permissions nor access control lists; choose an outputFile on another file system')
        }
        def owner = java.nio.file.Files.getOwner(file)
        acl.setAcl([java.nio.file.attribute.AclEntry.newBuilder().setType(java.nio.file.attribute.AclEntryType.ALLOW).setPrincipal(owner)
                            .setPermissions(java.nio.file.attribute.AclEntryPermission.values() as Set).build()])
        return file
    }

    /** A token whose value goes to a file; when it cannot be written, the token is revoked again. */
    Map createInto(hudson.model.User user, Object tokens, String name, java.time.LocalDate expiry, File file) {
        java.nio.file.Path pending = prepareSecret(file)
        Map created = create(user, tokens, name, expiry)
        try {
            commitSecret(pending, file, created.value)
        } catch (IOException e) {
            revokeAll(user, tokens, [created.uuid])
            throw new ApiTokenKitError("cannot write ${file} (${e.class.simpleName}); the token made for it was revoked again")
        }
        return created
    }

    /** Writes the prepared temporary file and moves it into place atomically. */
    void commitSecret(java.nio.file.Path temporary, File file, String value) {
        try {
            java.nio.file.Files.write(temporary, (value + '\n').getBytes('UTF-8'))
            java.nio.file.Files.move(temporary, file.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE)
        } finally {
            java.nio.file.Files.deleteIfExists(temporary)
        }
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

    // ---- section sealing: a token value as it may be printed: sealed for the launcher when it is the caller
    /**
     * A token value as printed; for the launcher, sealed into the envelope's "secrets" and replaced by a reference holding
     * the nonce. ECDH of a one-time P-256 key with the launcher's, HKDF-SHA256 salted with the nonce, AES-256-GCM; sent as
     * base64 one-time key, IV and ciphertext joined by dots.
     */
    String secret(String value) {
        if (!binding.hasVariable('apiTokenKitEnvelope')) {
            return value
        }
        String nonce = binding.getVariable('apiTokenKitEnvelope').toString()
        if (!binding.hasVariable('apiTokenKitPublicKey')) {
            if (binding.hasVariable('apiTokenKitPlaintext') && binding.getVariable('apiTokenKitPlaintext') == true) {
                return value
            }
            throw new ApiTokenKitError('this script printed a token value, but the "Secrets:" line of its header says none, so the launcher ' +
                    'sent no key to seal it with: the value is lost; revoke that token, and correct the header')
        }
        def recipient = java.security.KeyFactory.getInstance('EC').generatePublic(
                new java.security.spec.X509EncodedKeySpec(binding.getVariable('apiTokenKitPublicKey').toString().decodeBase64()))
        def generator = java.security.KeyPairGenerator.getInstance('EC')
        generator.initialize(recipient.params)
        def oneTime = generator.generateKeyPair()
        def agreement = javax.crypto.KeyAgreement.getInstance('ECDH')
        agreement.init(oneTime.private)
        agreement.doPhase(recipient, true)
        byte[] key = hkdfSha256(agreement.generateSecret(), nonce.getBytes('UTF-8'), 'api-token-kit sealed value'.getBytes('UTF-8'))
        byte[] iv = new byte[12]
        new java.security.SecureRandom().nextBytes(iv)
        def cipher = javax.crypto.Cipher.getInstance('AES/GCM/NoPadding')
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, 'AES'), new javax.crypto.spec.GCMParameterSpec(128, iv))
        byte[] sealed = cipher.doFinal(value.getBytes('UTF-8'))
        sealedSecrets << [oneTime.public.encoded, iv, sealed].collect { byte[] part -> java.util.Base64.encoder.encodeToString(part) }.join('.')
        return "<secret ${sealedSecrets.size()} of ${nonce}>"
    }

    /** RFC 5869, one block. */
    private static byte[] hkdfSha256(byte[] secret, byte[] salt, byte[] info) {
        def mac = javax.crypto.Mac.getInstance('HmacSHA256')
        mac.init(new javax.crypto.spec.SecretKeySpec(salt, 'HmacSHA256'))
        byte[] pseudoRandomKey = mac.doFinal(secret)
        mac.init(new javax.crypto.spec.SecretKeySpec(pseudoRandomKey, 'HmacSHA256'))
        mac.update(info)
        mac.update((byte) 1)
        return mac.doFinal()
    }

    // ---- section controller: refusing a controller whose tokens an Operations Center replaces
    /** An Operations Center replaces a connected controller's tokens at the user's next login: refused unless allowed. */
    void checkController(boolean allowOnConnectedController) {
        if (!allowOnConnectedController && connectedToOperationsCenter()) {
            throw new ApiTokenKitError('this controller is connected to an Operations Center, which replaces API tokens at the user\'s next login: ' +
                    'create the token on the Operations Center instead, or set allowOnConnectedController=true to create it here anyway')
        }
    }

    boolean connectedToOperationsCenter() {
        def pluginManager = jenkins.model.Jenkins.get().pluginManager
        def plugin = pluginManager.getPlugin('operations-center-client')
        if (plugin == null || !plugin.isActive()) {
            return false
        }
        try {
            Class action = Class.forName('com.cloudbees.opscenter.client.plugin.OperationsCenterRootAction', true, pluginManager.uberClassLoader)
            def descriptor = action.getMethod('descriptor').invoke(null)
            return descriptor != null && descriptor.isEnabled()
        } catch (ClassNotFoundException ignored) {
            return false
        } catch (NoSuchMethodException ignored) {
            return false
        }
    }

    // ---- section settings (needs audit): the API token settings (Manage Jenkins > Security)
    /** The settings the kit sets, by name, and their property of ApiTokenPropertyConfiguration. */
    static final Map<String, String> SETTINGS = [tokenGenerationOnCreation: 'tokenGenerationOnCreationEnabled',
                                                 creationOfLegacyToken    : 'creationOfLegacyTokenEnabled',
                                                 usageStatistics          : 'usageStatisticsEnabled']

    /** The settings as they are now, by name. */
    Map<String, Boolean> settings() {
        def configuration = jenkins.security.apitoken.ApiTokenPropertyConfiguration.get()
        return SETTINGS.collectEntries { String setting, String property -> [(setting): configuration."${property}"] }
    }

    /** Sets each wanted setting that differs (a dry run only records it), each with its audit record; their names. */
    List<String> applySettings(Map<String, Boolean> wanted, boolean dryRun) {
        def configuration = jenkins.security.apitoken.ApiTokenPropertyConfiguration.get()
        Map<String, Boolean> before = settings()
        List<String> changed = wanted.findAll { String setting, Boolean value -> before[setting] != value }.keySet().toList()
        changed.each { String setting ->
            if (!dryRun) {
                configuration."${SETTINGS[setting]}" = wanted[setting]
            }
            audit('settings', dryRun, [setting: setting, from: before[setting], to: wanted[setting]])
        }
        return changed
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
