/*
 * Purpose:    Provision API tokens at every boot from a declarative JSON file: seed known values from secret files,
 *             generate tokens into 0600 files, apply the API token settings; idempotently, never breaking the boot.
 * Where:      init.groovy.d (also runs from the Script Console, to apply the file now)
 * Jenkins:    2.129 (LTS 2.138.1) for generated tokens; a valueFile needs 2.260 (LTS 2.263.1), ApiTokenProperty.addFixedNewToken; expiry needs 2.548 (LTS 2.555.1)
 * Runs as:    SYSTEM in init.groovy.d; the caller in the Script Console (Overall/Administer)
 * Changes:    per entry: adds or replaces a token (revoking other tokens of its name), writes a generated token's file,
 *             revokes the legacy token when asked; the settings given. A second boot with the same file changes nothing.
 * Secrets:    none printed: a generated value goes to its entry's outputFile (mode 0600), never to the log
 * Parameters:
 *   config     String   ''      the JSON file; '' means -Dapi-token-kit.config, else $API_TOKEN_KIT_CONFIG, else $JENKINS_HOME/api-tokens.json
 *   dryRun     Boolean  false   log what would change, change nothing
 * Output:     log lines on the logger "api-token-kit": INFO for each change and one summary line ("nothing changed" on
 *             a boot that changes nothing), WARNING naming the entry and the fix for each problem. Never a token value.
 * Example:    {"tokens": [{"user": "svc-ci", "name": "deploy", "valueFile": "/run/secrets/svc-ci-deploy"}]}
 *             INFO: api-token-kit: svc-ci/deploy added (uuid 7c9e...)
 *             INFO: api-token-kit: 1 entry, 1 change
 */
import hudson.model.User
import jenkins.model.Jenkins
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration

import java.util.logging.Level
import java.util.logging.Logger

Map defaults = [
        config: '',
        dryRun: false,
]

// Core aborts the boot on anything but a RuntimeException or an IOException escaping an init script: catch everything.
Logger log = Logger.getLogger('api-token-kit')
ApiTokenKit kit = new ApiTokenKit(binding)
// Every line goes out here, shown: a path, a name or an exception's text from the file cannot break a log line or fake one.
Closure say = { Level level, Object message -> log.log(level, 'api-token-kit: ' + kit.shown(message)) }
try {
    Map p = kit.parameters(defaults)
    File home = Jenkins.get().rootDir
    String configured = p.config ?: System.getProperty('api-token-kit.config') ?: System.getenv('API_TOKEN_KIT_CONFIG') ?: ''
    File file = configured ? new File(configured.replace('${JENKINS_HOME}', home.path).replace('$JENKINS_HOME', home.path)) : new File(home, 'api-tokens.json')
    if (!file.isAbsolute()) {
        file = new File(home, file.path)
    }
    Closure<File> resolve = { String path ->
        File resolved = new File(path.replace('${JENKINS_HOME}', home.path).replace('$JENKINS_HOME', home.path))
        resolved.isAbsolute() ? resolved : new File(home, resolved.path)
    }
    if (!file.exists()) {
        say(Level.INFO, "no ${file}: nothing to provision (see init.groovy.d/README.md for its format)")
        return null
    }
    def config
    try {
        // Not JSON, or a key given twice (which JsonSlurper would read last-one-wins): one line, before any change.
        config = kit.readJson(file.getText('UTF-8'), file.path)
    } catch (ApiTokenKitError e) {
        say(Level.WARNING, "${e.message}: nothing was provisioned; fix the file and restart")
        return null
    }
    if (!(config instanceof Map)) {
        say(Level.WARNING, "${file} must hold a JSON object with \"tokens\" and/or \"settings\"; nothing was provisioned")
        return null
    }
    List<String> topKeys = ['tokens', 'settings', 'policy', 'revokeUnlisted', 'allowOnConnectedController']
    List<String> unknownKeys = (config.keySet() as List) - topKeys
    if (unknownKeys) {
        say(Level.WARNING, "${file}: unknown key ${unknownKeys.join(', ')} ignored; known keys are ${topKeys.join(', ')}")
    }
    boolean allowOnConnectedController = config.allowOnConnectedController == true
    int changes = 0
    int problems = 0
    // The lifetime policy every entry's token must keep; one that cannot be read provisions no token (fail closed).
    def policy = config.containsKey('policy') ? config.policy : [:]
    if (!(policy instanceof Map) || !((policy.keySet() as List) - ['maxLifetimeDays', 'requireExpiry']).isEmpty() ||
            !(policy.maxLifetimeDays == null || (policy.maxLifetimeDays instanceof Integer && policy.maxLifetimeDays >= 0)) ||
            !(policy.requireExpiry == null || policy.requireExpiry instanceof Boolean)) {
        say(Level.WARNING, '"policy" must be an object like {"maxLifetimeDays": 90, "requireExpiry": true}; no token was provisioned')
        return null
    }
    int maxLifetimeDays = policy.maxLifetimeDays ?: 0
    boolean requireExpiry = policy.requireExpiry == true
    // Desired state, when asked: tokens of the users named here, in this name scope, that no entry lists are revoked.
    def unlisted = config.revokeUnlisted
    String unlistedPrefix = null
    if (unlisted != null) {
        if (!(unlisted instanceof Map) || (unlisted.keySet() as List) != ['namePrefix'] || !(unlisted.namePrefix instanceof String) ||
                !unlisted.namePrefix.trim() || kit.UNPRINTABLE_CHARACTER.matcher(unlisted.namePrefix).find()) {
            say(Level.WARNING, '"revokeUnlisted" must be an object like {"namePrefix": "managed-"} with a prefix that is not blank; ' +
                    'no unlisted token is revoked')
            problems++
        } else {
            unlistedPrefix = unlisted.namePrefix
        }
    }
    Map<String, Set<String>> listed = [:]

    // Settings first: usage statistics and legacy-token creation affect what the entries below do.
    def settings = config.settings
    if (settings != null && !(settings instanceof Map)) {
        say(Level.WARNING, '"settings" must be an object like {"usageStatistics": true}; settings left as they are')
        problems++
    } else if (settings) {
        Map<String, String> properties = [tokenGenerationOnCreation: 'tokenGenerationOnCreationEnabled',
                                          creationOfLegacyToken    : 'creationOfLegacyTokenEnabled',
                                          usageStatistics          : 'usageStatisticsEnabled']
        ApiTokenPropertyConfiguration configuration = ApiTokenPropertyConfiguration.get()
        settings.each { String key, value ->
            if (!properties.containsKey(key) || !(value instanceof Boolean)) {
                say(Level.WARNING, "setting ${key} ignored: the settings are ${properties.keySet().join(', ')}, each true or false")
                problems++
            } else if (configuration."${properties[key]}" != value) {
                boolean was = configuration."${properties[key]}"
                if (!p.dryRun) {
                    configuration."${properties[key]}" = value
                }
                kit.audit('settings', p.dryRun, [setting: key, from: was, to: value])
                say(Level.INFO, "setting ${key} ${p.dryRun ? 'would become' : 'set to'} ${value}")
                changes++
            }
        }
    }

    def entries = config.tokens ?: []
    if (!(entries instanceof List)) {
        say(Level.WARNING, '"tokens" must be a list of objects; no token was provisioned')
        entries = []
        problems++
    }
    List<String> entryKeys = ['user', 'name', 'valueFile', 'generate', 'outputFile', 'expires', 'revokeOtherTokensOfName', 'revokeLegacy', 'createUser']
    entries.eachWithIndex { entry, int index ->
        String label = "tokens[${index}]"
        try {
            if (!(entry instanceof Map)) {
                throw new ApiTokenKitError('must be an object like {"user": "svc-ci", "name": "deploy", "valueFile": "/run/secrets/token"}')
            }
            List<String> unknown = (entry.keySet() as List) - entryKeys
            if (unknown) {
                throw new ApiTokenKitError("unknown key ${unknown.join(', ')}; the keys are ${entryKeys.join(', ')}")
            }
            ['user', 'name', 'valueFile', 'outputFile', 'expires'].each { key ->
                if (entry[key] != null && !(entry[key] instanceof String)) {
                    throw new ApiTokenKitError("${key} must be a string")
                }
            }
            ['generate', 'revokeOtherTokensOfName', 'revokeLegacy', 'createUser'].each { key ->
                if (entry[key] != null && !(entry[key] instanceof Boolean)) {
                    throw new ApiTokenKitError("${key} must be true or false")
                }
            }
            // The user first, by the id it has: "ALICE" for alice is alice, in messages, in matching and in file names.
            User user = kit.findUser(entry.user)
            String userId = user?.id ?: entry.user
            String name = kit.text('name', entry.name, true)
            label = "${userId}/${name}"
            boolean generate = entry.generate == true
            if (generate == (entry.valueFile != null)) {
                throw new ApiTokenKitError('give either "valueFile" (a file holding a known value) or "generate": true')
            }
            java.time.LocalDate expiry = kit.expiry(entry.expires ?: '')
            kit.requirePolicy(expiry, maxLifetimeDays, requireExpiry)
            if (user == null && entry.createUser == true) {
                if (!p.dryRun) {
                    user = User.getById(userId, true)
                    user.save()
                }
                kit.audit('create-user', p.dryRun, [user: userId])
                say(Level.INFO, "${label}: user ${userId} ${p.dryRun ? 'would be created' : 'created'}")
                changes++
            }
            // "svc-ci" and "SVC-CI" in two entries are one user, with both names listed; the same token twice is refused:
            // two entries for one token would each revoke the other's value at every boot.
            if (!listed.computeIfAbsent(userId) { new HashSet<String>() }.add(name)) {
                throw new ApiTokenKitError("another entry is the same token (user ${kit.quote(userId)}, name ${kit.quote(name)}): list each token once")
            }
            if (user == null) {
                if (p.dryRun && entry.createUser == true) {
                    return
                }
                throw new ApiTokenKitError("no user ${kit.quote(userId)}; create it first (JCasC, the security realm) or set \"createUser\": true")
            }
            kit.checkController(allowOnConnectedController)
            ApiTokenProperty tokens = kit.tokens(user)
            Closure<String> defaultOutput = { String id -> "secrets/api-tokens/${(id + '-' + name).replaceAll(/[^A-Za-z0-9._-]/, '_')}" }
            File outputFile = generate ? resolve(entry.outputFile ?: defaultOutput(userId)) : null
            File spelledAsListed = generate && entry.outputFile == null && entry.user != userId ? resolve(defaultOutput(entry.user)) : null
            if (spelledAsListed != null && !outputFile.exists() && spelledAsListed.isFile()) {
                // Written by an earlier kit under the entry's spelling: moved, not regenerated, so its value keeps working.
                if (!p.dryRun) {
                    java.nio.file.Files.move(spelledAsListed.toPath(), outputFile.toPath(), java.nio.file.StandardCopyOption.ATOMIC_MOVE)
                }
                say(Level.INFO, "${label}: ${spelledAsListed} ${p.dryRun ? 'would be' : 'was'} moved to ${outputFile}, under the user's id")
                changes++
                if (p.dryRun) {
                    outputFile = spelledAsListed
                }
            }
            String value = null
            if (!generate) {
                File valueFile = resolve(entry.valueFile)
                try {
                    value = valueFile.getText('UTF-8')
                } catch (IOException e) {
                    throw new ApiTokenKitError("cannot read valueFile ${valueFile} (${e.class.simpleName}); check the path and its permissions")
                }
                value = kit.seedValue(value, "valueFile ${valueFile}")
            } else if (outputFile.isFile()) {
                value = outputFile.getText('UTF-8').trim()
            }
            synchronized (tokens.tokenStore) {
                // A generated token's file may hold anything by now: only a well-formed value can be matched.
                Map match = kit.seedMatch(tokens, name, value ==~ /11[0-9a-f]{32}/ ? value : null, expiry)
                def current = match.current
                List<String> others = entry.revokeOtherTokensOfName == false ? [] : match.others
                boolean legacy = entry.revokeLegacy == true && tokens.hasLegacyToken()
                if (current != null && !others && !legacy) {
                    return
                }
                String uuid = current?.uuid
                List<String> revoked = others + (legacy ? [tokens.tokenStore.legacyToken.uuid] : [])
                if (p.dryRun) {
                    if (current == null) {
                        kit.audit(generate ? 'create' : 'seed', true, kit.newTokenRecord(user, name, null, expiry))
                    }
                    kit.wouldRevoke(user, tokens, revoked)
                } else {
                    if (current == null && generate) {
                        uuid = kit.createInto(user, tokens, name, expiry, outputFile).uuid
                    } else if (current == null) {
                        uuid = kit.addFixed(user, tokens, name, value, expiry)
                    }
                    kit.revokeAll(user, tokens, revoked)
                }
                String did = current == null ? (generate ? "generated into ${outputFile}" : 'added') : 'kept'
                say(Level.INFO, "${label} ${p.dryRun ? 'would be ' : ''}${did}${uuid ? " (uuid ${uuid})" : ''}" +
                        (others ? "; revoked ${kit.count(others.size(), 'other token')} of that name" : '') +
                        (legacy ? '; revoked the legacy token' : ''))
                changes++
            }
        } catch (ApiTokenKitError e) {
            say(Level.WARNING, "${label}: ${e.message}; this entry was skipped, the others were applied")
            problems++
        } catch (Exception e) {
            say(Level.WARNING, "${label}: ${e.class.name}: ${e.message}; this entry was skipped, the others were applied")
            problems++
        }
    }
    if (unlistedPrefix != null && problems > 0) {
        say(Level.WARNING, "revokeUnlisted skipped: with a problem above, a token an entry was meant to keep could look unlisted; fix it and restart")
    } else if (unlistedPrefix != null) {
        listed.each { String userId, Set<String> names ->
            User user = User.getById(userId, false)
            ApiTokenProperty tokens = user?.getProperty(ApiTokenProperty)
            if (tokens == null) {
                return
            }
            synchronized (tokens.tokenStore) {
                // Never a legacy token or another name; a token in grace counts by the name it had, so prune retires the old
                // one of a listed token, and a token removed from the file goes with all its old ones.
                List<String> uuids = tokens.tokenStore.tokenListSortedByName.findAll { token ->
                    String base = kit.grace(token)?.name ?: token.name
                    !token.isLegacy() && base?.startsWith(unlistedPrefix) && !(base in names)
                }*.uuid
                if (p.dryRun) {
                    kit.wouldRevoke(user, tokens, uuids)
                } else {
                    kit.revokeAll(user, tokens, uuids)
                }
                if (uuids) {
                    say(Level.INFO, "${user.id}: ${p.dryRun ? 'would revoke' : 'revoked'} ${kit.count(uuids.size(), 'unlisted token')} " +
                            "named ${kit.quote(unlistedPrefix)}... (${uuids.join(', ')})")
                    changes++
                }
            }
        }
    }
    int count = entries.size()
    String summary = "${count} entr${count == 1 ? 'y' : 'ies'}, " +
            (changes == 0 ? 'nothing changed' : "${kit.count(changes, 'change')}${p.dryRun ? ' (dry run: none made)' : ''}") +
            (problems ? ", ${kit.count(problems, 'problem')} (see the warnings above)" : '')
    say(problems ? Level.WARNING : Level.INFO, summary)
} catch (Throwable t) {
    say(Level.WARNING, "provisioning stopped by ${t.class.name}: ${t.message}; Jenkins boots on, fix and restart")
}
null
// ---- api-token-kit runtime 1: a copy of scripts/lib/runtime.groovy, kept identical in every script by the build ----
// It travels inside each script so that a script can be pasted alone. It is a class, not script methods: Groovy 2.4
// cannot load a script method holding a closure when the file name is not a Java identifier (create-api-token.groovy,
// 50-seed.groovy); in init.groovy.d that ClassFormatError is only a WARNING in the log, Jenkins starts, and neither
// that script nor any later init script runs.

/** A refusal explained in one line; the script has changed nothing when it is thrown. */
class ApiTokenKitError extends RuntimeException {
    ApiTokenKitError(String message) {
        super(message)
    }
}

/** Parameters, output, errors, the launcher's envelope, and the token operations that depend on the Jenkins version. */
class ApiTokenKit {
    static final String ENVELOPE_MARK = '@@api-token-kit-result@@'
    /**
     * What no name, id or other text the kit takes may hold, and what it never prints raw: control characters (C0, C1
     * and U+0085), format characters (bidi overrides, zero-width), line and paragraph separators (XML 1.1 turns U+0085
     * and U+2028 into a newline on the next read of config.xml), lone surrogates and the two XML non-characters.
     * The launcher holds the same definition (its Text class); a conventions spec keeps the two equal.
     */
    static final String UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\x{FFFE}\x{FFFF}]/
    /** Compiled once: Groovy's =~ and replaceAll with a String compile it anew on every call, a listing's main cost. */
    static final java.util.regex.Pattern UNPRINTABLE_CHARACTER = java.util.regex.Pattern.compile(UNPRINTABLE)
    static final java.util.regex.Pattern CSV_FORMULA_START = java.util.regex.Pattern.compile(/^[=+\-@\t\r]/)
    static final java.util.regex.Pattern CSV_NEEDS_QUOTES = java.util.regex.Pattern.compile(/[",\r\n]/)
    /** The name of a token in grace (putInGrace): its own, then the date it is retired at the latest and its replacement. */
    static final java.util.regex.Pattern IN_GRACE = java.util.regex.Pattern.compile(/^(.*) \[in grace until (\d{4}-\d\d-\d\d), replaced by ([0-9a-f-]{36})\]$/)
    /** Longest name or id the kit accepts: core has no limit, but a 10 kB name only hides the others in a listing. */
    static final int LONGEST_TEXT = 256
    /** Where every change is recorded, one JSON object per line at INFO (audit()): route it to a log recorder or a file. */
    static final java.util.logging.Logger AUDIT = java.util.logging.Logger.getLogger('io.github.apitokenkit.audit')
    /** The actions on one token: each of their audit records has the keys of TOKEN_RECORD, in its order, dry run or not. */
    static final List<String> TOKEN_ACTIONS = ['create', 'seed', 'revoke', 'grace', 'change-legacy']
    /** What a token action's record holds after time, by, action and dryRun (audit()); null where it is not known. */
    static final List<String> TOKEN_RECORD = ['user', 'name', 'uuid', 'expires', 'legacy']
    final Binding binding
    /** Token values created in this run, sealed, for the envelope's own field: never in the text or the result. */
    private final List<String> sealedSecrets = []
    /** This run's audit records, also for the envelope: the launcher can keep them in a file of its own. */
    private final List<Map> auditRecords = []

    ApiTokenKit(Binding binding) {
        this.binding = binding
    }

    /**
     * Resolves the parameters (the defaults, overridden by binding variables of the same names), runs the body,
     * prints its text, JSON or CSV, or one line "ERROR: ..."; when the launcher is the caller, ends with its envelope.
     * The body gets (kit, parameters) and returns [result: <JSON-able value>, text: <for people>, csv: <listings>];
     * text and csv may be closures, called only when the format asks for them (a long listing's text costs).
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
                // With the launcher as the caller, the envelope already carries the JSON: printing it twice doubles a listing.
                print(format == 'json' ? groovy.json.JsonOutput.toJson(outcome.result) + '\n' : made(format == 'csv' ? outcome.csv : outcome.text))
            }
        } catch (ApiTokenKitError e) {
            // Shown here, the one place errors are printed: whatever a message quotes (a path, an exception's text) stays one line.
            error = shown(e.message)
            if (fromCli()) {
                // The CLI's groovy command prints this as "ERROR: " + message on stderr and exits 3: a failure a shell sees.
                throw new IllegalArgumentException(error)
            }
            print('ERROR: ' + error + '\n')
        }
        if (binding.hasVariable('apiTokenKitEnvelope')) {
            Map envelope = (error == null ? [ok: true, result: outcome.result, secrets: sealedSecrets] : [ok: false, error: error]) + [audit: auditRecords]
            // java.util.Base64 (Java 8, as every Jenkins this kit runs on): Groovy's encodeBase64() writes one character
            // at a time, which was more than half of the time a listing of 10,000 users took.
            String encoded = java.util.Base64.encoder.encodeToString(groovy.json.JsonOutput.toJson(envelope).getBytes('UTF-8'))
            print(ENVELOPE_MARK + ' ' + binding.getVariable('apiTokenKitEnvelope') + ' ' + encoded + '\n')
            binding.setVariable('apiTokenKitReported', true)
        }
    }

    /**
     * The kit's JSON contract, which automation (Ansible's changed_when, a pipeline) relies on: every result is an
     * object with a boolean "changed", and a dry run's a boolean "wouldChange" too. A script that breaks it is a
     * defect of the script, not bad input, so it is thrown as one.
     */
    static void reportsChange(Object result, boolean dryRun) {
        if (!(result instanceof Map) || !(((Map) result).changed instanceof Boolean)) {
            throw new IllegalStateException('the script\'s result lacks a boolean "changed" (the kit\'s JSON contract)')
        }
        if (dryRun && !(((Map) result).wouldChange instanceof Boolean)) {
            throw new IllegalStateException('the script\'s dry-run result lacks a boolean "wouldChange" (the kit\'s JSON contract)')
        }
    }

    /** A text, or what a closure makes of it. */
    private static String made(Object text) {
        return text instanceof Closure ? ((Closure) text).call().toString() : String.valueOf(text)
    }

    /**
     * Where a script's println goes: the console's out, or the process output in init.groovy.d. Flushed: the CLI's
     * groovy command never flushes its out after the script, and what its writer still holds would be lost.
     */
    void print(String text) {
        if (binding.hasVariable('out')) {
            def out = binding.getVariable('out')
            out.print(text)
            out.flush()
        } else {
            System.out.print(text)
        }
    }

    /**
     * Defaults overridden by same-named binding variables, or by the Jenkins CLI's name=value arguments, converted to
     * the defaults' types; unknown names refused.
     */
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

    /** Whether the Jenkins CLI's groovy command runs the script: only it binds args, a String[]. */
    boolean fromCli() {
        return binding.hasVariable('args') && binding.getVariable('args') instanceof String[]
    }

    /**
     * The arguments of the Jenkins CLI's groovy command ({@code groovy = user=svc name=ci}), which binds what follows
     * "=" as args, a String[]; null elsewhere (the console, /scriptText and init.groovy.d bind no args). Each must be
     * name=value; a name given twice is refused. A refusal never repeats the argument: it may hold a token value.
     */
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

    /** A value shown in a message: quoted, unprintable characters escaped, long ones shortened. */
    String quote(Object value) {
        String text = String.valueOf(value)
        return "'" + shown(text.length() > 80 ? text.take(80) : text) + (text.length() > 80 ? "...'" : "'")
    }

    /** Text as it may be printed: every UNPRINTABLE character as \\uXXXX, so no name can fake a line or reorder one. */
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

    /**
     * A text parameter: '' (or absent) is "not given", which is an error when required; anything else must be a
     * real value. Blank is never "not given": a value of spaces or tabs, or with an UNPRINTABLE character, is refused.
     */
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

    /** An expiry parameter: '' or 'never' for none, days from today (0 to 36500), or an ISO date; never in the past. */
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

    /**
     * The lifetime policy, honoured wherever a token is made: with requireExpiry a token must expire, and with
     * maxLifetimeDays (0 = no limit) it must expire at most that many days from today. Refused before anything
     * changes, naming the policy. Both need token expiry, which core has from 2.548 (LTS 2.555.1).
     */
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

    /**
     * A JSON document the kit reads (the init file's configuration), refused in one line naming what is wrong:
     * text that is not JSON, or an object with a key given twice, at any depth. Groovy's JsonSlurper keeps the last
     * of a key given twice without a word (and has no hook to tell), so a file meaning two things would be read as
     * one of them; keyGivenTwice() walks the text for it. what names the document in the message.
     */
    Object readJson(String text, String what) {
        Object parsed
        try {
            parsed = new groovy.json.JsonSlurper().parseText(text)
        } catch (Exception e) {
            // JsonException, or IllegalArgumentException for an empty text; its message may span lines.
            throw new ApiTokenKitError("${what} is not valid JSON (${e.message?.readLines()?.find() ?: e.class.simpleName})")
        }
        Map twice = keyGivenTwice(text)
        if (twice != null) {
            throw new ApiTokenKitError("${what} gives the key ${quote(twice.key)} twice ${twice.path ? 'in ' + twice.path : 'in the top-level object'}")
        }
        return parsed
    }

    /**
     * The first key given twice in one object of a JSON text already parsed, with the path of that object
     * (tokens[1], policy; '' for the top level); null when there is none. Keys are compared as JSON reads them, escapes
     * decoded ("user" and "\u0075ser" are one key); what only looks like a key inside a string is a string.
     */
    static Map keyGivenTwice(String text) {
        // One frame per open object or list: the keys seen (null for a list), its path, the index of the list item.
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

    /** Whether tokens can expire on this Jenkins (ApiTokenStore.HashedToken.getExpirationDate, 2.548). */
    boolean expirySupported() {
        return has(jenkins.security.apitoken.ApiTokenStore.HashedToken, 'getExpirationDate')
    }

    /** An existing user; the kit never creates one (User.get would, and a typo would become a user). */
    hudson.model.User user(String id) {
        hudson.model.User user = findUser(id)
        if (user == null) {
            throw new ApiTokenKitError("no user ${quote(id)}: the kit never creates users; check the id under Manage Jenkins > Users")
        }
        return user
    }

    /**
     * The user an id names, or null when there is none (never created). Under the default id strategy ids are
     * case-insensitive: "ALICE" finds alice, whose own id (user.id) is what to name, match and derive paths by.
     */
    hudson.model.User findUser(String id) {
        text('user', id, true)
        hudson.model.User user = hudson.model.User.getById(id, false)
        // Literal up to case only: before SECURITY-3924 (2.576) the case-insensitive strategy took a dotless i for an i.
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

    /**
     * The users a script acts on: the one named by user=, or every user when allUsers=true says so; never both, and
     * never "everyone" because a user id was left empty or blank.
     */
    List<hudson.model.User> users(String id, boolean allUsers) {
        String given = text('user', id, false)
        if (allUsers == !given.isEmpty()) {
            throw new ApiTokenKitError('choose either user=ID or allUsers=true')
        }
        return allUsers ? hudson.model.User.getAll().toList() : [user(given)]
    }

    /**
     * Which tokens a script acts on, from the selector parameters it offers ([uuid: .., name: .., allExcept: .., all:
     * ..]): exactly one must be given. A text selector blank after trimming is refused, never read as "no filter":
     * only all=true selects every token.
     */
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

    /**
     * The one way tokens are revoked: for each user, under the lock of its token store, the listed tokens (with
     * their usage statistics) that choose() picks are recorded and, unless dryRun, revoked with one save of the user.
     * choose(user, tokens, tokenInfo) answers null or false to skip a token, true or a reason (text) to revoke it.
     * Returns one [user, name, uuid, legacy, reason] per token chosen.
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

    /** What revokeWhere did (or would do), for people: a line per token, then a summary. */
    String revocationText(List<Map> revoked, boolean dryRun, String noun, String nothing) {
        StringBuilder text = new StringBuilder()
        revoked.each { Map token ->
            // << and not append(): StringBuilder.append(GString) reads it char by char, making the whole string each time.
            text << ("${dryRun ? 'Would revoke' : 'Revoked'} ${token.legacy ? 'the legacy token ' : ''}${quote(token.name)} " +
                    "(uuid ${token.uuid}) of ${quote(token.user)}${token.reason ? ': ' + token.reason : ''}.\n")
        }
        int n = revoked.size()
        text.append(n == 0 ? nothing + '\n' : dryRun ? "Dry run: nothing changed. Run with dryRun=false to revoke ${count(n, noun)}.\n" :
                "${count(n, noun)} revoked.\n")
        return text.toString()
    }

    /**
     * Ensuring a token of a name has a known value (seed-api-token, the init file): the stored token of that name
     * that already authenticates with the value and has the expiry asked for (core keeps SHA-256 of the 32 hex
     * characters after the version, and matches only unexpired tokens), and the other tokens of that name. A null
     * value (a generated token whose file is gone) matches nothing.
     */
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

    /**
     * What core keeps of a token value and compares (ApiTokenStore.findMatchingToken): SHA-256 of the value's ASCII
     * bytes, the two-character version left out when the value has 34 characters, the whole value otherwise (a legacy
     * token's 32 characters). HashedToken.match(byte[]) takes these bytes. The launcher's RemoteScript.valueSha256 is the same rule.
     */
    static byte[] valueHash(String value) {
        String hashed = value.length() == 34 ? value.substring(2) : value
        return java.security.MessageDigest.getInstance('SHA-256').digest(hashed.getBytes('US-ASCII'))
    }

    /** A known token value: "11" and 32 lowercase hex characters; the message never shows the value. */
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

    /** Whether the running Jenkins has this method (of the object, or static of the class): capabilities, never versions. */
    boolean has(Object target, String method, Class... types) {
        try {
            (target instanceof Class ? (Class) target : target.getClass()).getMethod(method, types)
            return true
        } catch (NoSuchMethodException ignored) {
            return false
        }
    }

    /**
     * Refuses, before anything changes, on a Jenkins that cannot run code as SYSTEM the way the kit does: ACL.as2,
     * ACL.SYSTEM2 and Jenkins.getAuthentication2 came with core 2.266 (LTS 2.277.1). (The acl parameter lets a spec
     * stand in an older ACL class.)
     */
    void requireSystemContext(Class acl = hudson.security.ACL) {
        if (!acl.methods.any { it.name == 'as2' }) {
            throw new ApiTokenKitError('this script needs Jenkins 2.266 or newer (ACL.as2, ACL.SYSTEM2, Jenkins.getAuthentication2); nothing was changed')
        }
    }

    /** What body answers when run as SYSTEM (2.266); requireSystemContext() must have been called before any change. */
    Object asSystem(Closure body) {
        def context = hudson.security.ACL.as2(hudson.security.ACL.SYSTEM2)
        try {
            return body.call()
        } finally {
            context.close()
        }
    }

    // The methods below take the ApiTokenProperty untyped on purpose: what it offers depends on the Jenkins version.

    /**
     * Creates a token: ApiTokenProperty.generateNewToken (2.260), with an expiry (2.548), or on 2.129-2.259 the
     * token store and an explicit save. Returns [uuid: ..., value: ...]; print the value only through secret().
     */
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

    /** Adds a token with a known value: ApiTokenProperty.addFixedNewToken (2.260), with an expiry (2.548). Its uuid. */
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

    /** Revokes one token by uuid (ApiTokenProperty.revokeToken, 2.260; the token store before); false when unknown. */
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

    /**
     * Rotation with grace: instead of being revoked, the previous tokens keep working under a name that says until when
     * at the latest and which token replaced them, so that consumers not yet given the new value are not cut off;
     * prune-api-tokens graceOver=true retires each once its replacement has been used or the date has passed. The
     * state lives in the token's own name (ApiTokenStore.renameToken), saved with the user: nothing else to keep.
     */
    void putInGrace(hudson.model.User user, Object tokens, List<String> uuids, String replacement, java.time.LocalDate until, boolean dryRun) {
        List chosen = tokens.tokenStore.tokenListSortedByName.findAll { it.uuid in uuids }
        if (dryRun) {
            chosen.each { token -> audit('grace', true, tokenRecord(user, token)) }
            return
        }
        chosen.each { token ->
            // Taken before the rename, which changes the stored token itself: the record names it as it was, as a dry run's does.
            Map record = tokenRecord(user, token)
            tokens.tokenStore.renameToken(token.uuid, "${token.name} [in grace until ${until}, replaced by ${replacement}]".toString())
            audit('grace', false, record)
        }
        if (chosen) {
            user.save()
        }
    }

    /**
     * [name, until, replacedBy] of a token in grace (putInGrace), from its name; null for any other token. The name is
     * its owner's to edit: a name that only looks like one (an impossible date) is not in grace, and an owner who edits
     * the mark only keeps or retires an old token of their own, which they could anyway.
     */
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

    /**
     * A token's grace as prune retires it and the audit reports it: grace(token) and whether its replacement still
     * exists, whether that has been used (only where usage is known), and whether the grace date has passed; null for
     * a token not in grace.
     */
    Map graceState(Object tokens, Object token) {
        Map grace = grace(token)
        if (grace == null) {
            return null
        }
        def replacement = tokens.tokenList.find { it.uuid == grace.replacedBy }
        return grace + [replacementExists: replacement != null, replacementUsed: replacement != null && usageKnown() && replacement.useCounter > 0,
                        datePassed       : java.time.LocalDate.now().isAfter(grace.until)]
    }

    /** The audit records of a dry run that would revoke these tokens (revoke() records the real revocations). */
    void wouldRevoke(hudson.model.User user, Object tokens, List<String> uuids) {
        tokens.tokenStore.tokenListSortedByName.findAll { it.uuid in uuids }.each { token ->
            audit('revoke', true, tokenRecord(user, token))
        }
    }

    /** The audit details of a stored token (HashedToken) of a user, as it is now: for revoke, grace and change-legacy. */
    Map tokenRecord(hudson.model.User user, Object token) {
        return [user: user.id, name: token.name, uuid: token.uuid, expires: expiryOf(token)?.toString(), legacy: token.isLegacy()]
    }

    /** The audit details of a token made (create, seed), or one a dry run would make (its uuid null). */
    Map newTokenRecord(hudson.model.User user, String name, String uuid, java.time.LocalDate expiry) {
        return [user: user.id, name: name, uuid: uuid, expires: expiry?.toString(), legacy: false]
    }

    /**
     * Records one change, or in a dry run one it would make: a JSON object on one line, at INFO, on the logger
     * io.github.apitokenkit.audit (core fires no event when a token is made or revoked), and in the envelope for the
     * launcher. It holds when (the controller's clock), who ran the script (auditCaller()), the action, whether it was
     * a dry run, and the details given. A token action (TOKEN_ACTIONS) gives exactly the details of TOKEN_RECORD,
     * written in that order, so that each action's records have one shape in real and dry runs alike; create-user
     * gives the user, settings a setting and its values. Never a token value: callers give none.
     */
    void audit(String action, boolean dryRun, Map details) {
        Map record = [time: java.time.Instant.now().toString(), by: auditCaller(), action: action, dryRun: dryRun]
        if (action in TOKEN_ACTIONS) {
            if (details.keySet() != (TOKEN_RECORD as Set)) {
                // The script's defect, not bad input: automation reading the records relies on one shape per action.
                throw new IllegalStateException("a ${action} audit record takes exactly ${TOKEN_RECORD.join(', ')}, not ${details.keySet().join(', ')}")
            }
            TOKEN_RECORD.each { String key -> record[key] = details[key] }
        } else {
            record.putAll(details)
        }
        auditRecords << record
        AUDIT.info(groovy.json.JsonOutput.toJson(record))
    }

    /**
     * What the security realm says of a user, asked the way core asks when one of its tokens authenticates
     * (User.impersonate2, which asks SecurityRealm.loadUserByUsername2; 2.266): [known: true, administer: whether
     * that authentication has Overall/Administer], [known: false] when the realm denies the user (core then answers
     * the token with HTTP 500, impersonation failed), [known: null, why: the exception] when the realm cannot tell
     * (unreachable, say). Null before 2.266.
     */
    Map ownerStanding(hudson.model.User user) {
        if (!has(hudson.model.User, 'impersonate2')) {
            return null
        }
        def authentication
        try {
            authentication = user.impersonate2()
        } catch (RuntimeException e) {
            // By name: Spring's class is not on the class path of a Jenkins older than 2.266, where this is never reached.
            boolean denied = false
            for (Class type = e.getClass(); type != null; type = type.superclass) {
                denied = denied || type.name == 'org.springframework.security.core.userdetails.UsernameNotFoundException'
            }
            return denied ? [known: false] : [known: null, why: e.getClass().simpleName]
        }
        return [known: true, administer: jenkins.model.Jenkins.get().getACL().hasPermission2(authentication, jenkins.model.Jenkins.ADMINISTER)]
    }

    /**
     * Who runs the script: the name of the current authentication (a user id, or SYSTEM at boot and in init.groovy.d;
     * Jenkins.getAuthentication2, 2.266); before 2.266 the current user's id, or SYSTEM when there is none.
     */
    String auditCaller() {
        if (has(jenkins.model.Jenkins, 'getAuthentication2')) {
            return jenkins.model.Jenkins.getAuthentication2().name
        }
        return hudson.model.User.current()?.id ?: 'SYSTEM'
    }

    /**
     * Readies a secret file: its folders (created 0700 when missing) and an empty 0600 temporary file beside it, so a
     * folder Jenkins cannot write is found before a token is made. Refused with the path and the fix.
     */
    java.nio.file.Path prepareSecret(File file) {
        return prepareSecret(file.absoluteFile.toPath())
    }

    java.nio.file.Path prepareSecret(java.nio.file.Path target) {
        if (java.nio.file.Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS) &&
                !java.nio.file.Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // Moving the value onto a folder, a link or a device would fail after the token was made, losing its value.
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

    /**
     * A new empty file made readable by its owner alone where the file system has no POSIX modes (Windows: an access
     * control list with the owner's entry only). A file system with neither is refused: the value would be readable
     * by others.
     */
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

    /**
     * Creates a token whose value goes to a file (0600, moved into place in one step). A file that cannot be written
     * after all gets no token: the one just made is revoked again, so no token stays behind whose value is lost.
     */
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

    /** Puts the secret in the prepared temporary file and moves it into place atomically. */
    void commitSecret(java.nio.file.Path temporary, File file, String value) {
        try {
            java.nio.file.Files.write(temporary, (value + '\n').getBytes('UTF-8'))
            java.nio.file.Files.move(temporary, file.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE)
        } finally {
            java.nio.file.Files.deleteIfExists(temporary)
        }
    }

    /** A stored token's expiry (HashedToken.getExpirationDate, 2.548); null before, or when it has none. */
    java.time.LocalDate expiryOf(Object hashedToken) {
        return has(hashedToken, 'getExpirationDate') ? hashedToken.expirationDate : null
    }

    /** Whether a listed token (TokenInfoAndStats) has expired; tokens never expire before 2.548. */
    boolean expired(Object tokenInfo) {
        return tokenInfo.hasProperty('expired') ? tokenInfo.expired : false
    }

    /** Whether a listed token expires within a week (or has expired); false before 2.548. */
    boolean aboutToExpire(Object tokenInfo) {
        return tokenInfo.hasProperty('aboutToExpire') ? tokenInfo.aboutToExpire : false
    }

    /** Revokes several tokens of one user with a single save of the user (a BulkChange around the revocations). */
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

    /**
     * Whether "unused" can be told from usage statistics: SECURITY-1072 (core 2.154, LTS 2.138.4) fixed how they were
     * kept, and brought ApiTokenStats.load(User), which says it is there. Before, a used token could look unused.
     */
    boolean usageStatisticsReliable() {
        return has(jenkins.security.apitoken.ApiTokenStats, 'load', hudson.model.User)
    }

    /** Whether a token's use can be told: usage statistics are on, and kept reliably. */
    boolean usageKnown() {
        return jenkins.security.apitoken.ApiTokenPropertyConfiguration.get().usageStatisticsEnabled && usageStatisticsReliable()
    }

    /** The refusal of a change that would trust statistics this Jenkins did not keep reliably. */
    void requireReliableUsageStatistics(String what) {
        if (!usageStatisticsReliable()) {
            throw new ApiTokenKitError("usage statistics before Jenkins 2.154 (LTS 2.138.4) could show a used token as unused " +
                    "(SECURITY-1072): refusing ${what}; upgrade Jenkins, or choose the tokens by name or uuid")
        }
    }

    /** "1 token", "2 tokens". */
    String count(int n, String noun) {
        return "${n} ${noun}${n == 1 ? '' : 's'}"
    }

    /**
     * A token value as it may be printed. With the launcher as the caller the value is sealed for the launcher alone
     * and carried in the envelope's own "secrets" field; the text and result get a reference to it that holds this
     * call's nonce, which no token name or user id can contain, so the launcher never mistakes user data for a secret.
     * Sealing: a one-time P-256 key agrees a secret with the launcher's public key (ECDH), HKDF-SHA256 salted with the
     * nonce makes an AES-256 key, AES-GCM encrypts; the launcher gets the one-time public key, the IV and the
     * ciphertext, base64, joined by dots. A launcher sends no key to a script whose header says it prints no value, so
     * one that does is refused here (unless the caller asked for plaintext values).
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

    /** RFC 5869 HKDF with HMAC-SHA256, one block: 32 bytes of key from a shared secret. */
    private static byte[] hkdfSha256(byte[] secret, byte[] salt, byte[] info) {
        def mac = javax.crypto.Mac.getInstance('HmacSHA256')
        mac.init(new javax.crypto.spec.SecretKeySpec(salt, 'HmacSHA256'))
        byte[] pseudoRandomKey = mac.doFinal(secret)
        mac.init(new javax.crypto.spec.SecretKeySpec(pseudoRandomKey, 'HmacSHA256'))
        mac.update(info)
        mac.update((byte) 1)
        return mac.doFinal()
    }

    /**
     * On a CloudBees CI controller connected to an Operations Center, the Operations Center replaces the users' API
     * tokens at their next login, so a token made here silently vanishes: refuse unless explicitly allowed.
     */
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

    /** CSV with a header row; cells quoted as RFC 4180 says; text a spreadsheet would run as a formula defused. */
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

/** Which of a user's tokens a script acts on: by uuid, by exact name, every one but a uuid, or all (ApiTokenKit.selector). */
class TokenSelector {
    final String kind
    final String value

    TokenSelector(String kind, String value) {
        this.kind = kind
        this.value = value
    }

    /** For a stored token or a listed one: both have a uuid and a name. */
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
// ---- end of api-token-kit runtime ----
