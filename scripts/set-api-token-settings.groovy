/*
 * Purpose:    Show the global API token settings, and change any of them (legacy tokens for new users, legacy token
 *             creation, usage statistics).
 * Where:      Script Console, /scriptText (launcher), init.groovy.d
 * Jenkins:    2.129 (LTS 2.138.1): ApiTokenPropertyConfiguration
 * Runs as:    the caller, who needs Overall/Administer to run scripts; SYSTEM in init.groovy.d
 * Changes:    the settings given, saved to jenkins.security.apitoken.ApiTokenPropertyConfiguration.xml; a setting that
 *             already has the value asked is not saved again; nothing with dryRun=true
 * Secrets:    none printed (the launcher sends no sealing key)
 * Parameters:
 *   tokenGenerationOnCreation  String   ''       true or false: give every new user a legacy token; '' leaves it
 *   creationOfLegacyToken      String   ''       true or false: let users without a legacy token create one; '' leaves it
 *   usageStatistics            String   ''       true or false: record each token's last use and use count; '' leaves it
 *   dryRun                     Boolean  false    say what would change, change nothing
 *   format                     String   'text'   text or json
 * Output:     text: each setting with its value, and what changed; json: {settings: {name: value}, changedSettings: [name], dryRun,
 *             changed}, and in a dry run wouldChange.
 * Example:    usageStatistics: 'true'
 *             tokenGenerationOnCreation  false
 *             creationOfLegacyToken      false
 *             usageStatistics            true (was false)
 */

Map defaults = [
        tokenGenerationOnCreation: '',
        creationOfLegacyToken    : '',
        usageStatistics          : '',
        dryRun                   : false,
        format                   : 'text',
]

new ApiTokenKit(binding).run(defaults, ['text', 'json']) { ApiTokenKit kit, Map p ->
    Map<String, Boolean> wanted = [:]
    ApiTokenKit.SETTINGS.keySet().each { String setting ->
        String value = kit.text(setting, p[setting], false).trim().toLowerCase()
        if (value) {
            if (!(value in ['true', 'false'])) {
                throw new ApiTokenKitError("parameter ${setting} must be true, false or empty, not ${kit.quote(p[setting])}")
            }
            wanted[setting] = value == 'true'
        }
    }
    Map<String, Boolean> before = kit.settings()
    List<String> changed = kit.applySettings(wanted, p.dryRun)
    Map<String, Boolean> after = before + (p.dryRun ? [:] : wanted)
    StringBuilder text = new StringBuilder()
    after.each { String setting, Boolean value ->
        text.append(setting.padRight(27)).append(value)
        if (setting in changed) {
            text.append(p.dryRun ? " (would become ${wanted[setting]})" : " (was ${before[setting]})")
        }
        text.append('\n')
    }
    if (!changed) {
        text.append('Nothing changed.\n')
    } else if (p.dryRun) {
        text.append('Dry run: nothing changed.\n')
    }
    return [result: [settings: after, changedSettings: changed, dryRun: p.dryRun, changed: !p.dryRun && !changed.isEmpty()] +
            (p.dryRun ? [wouldChange: !changed.isEmpty()] : [:]), text: text.toString()]
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

}
// ---- end of api-token-kit runtime ----
