/*
 * Purpose:    Show a user's legacy API token (the single per-user token of Jenkins before 2.129), or say there is none.
 * Where:      Script Console, /scriptText (launcher), init.groovy.d
 * Jenkins:    2.266 (LTS 2.277.1): Jenkins.getAuthentication2, ACL.as2 and ACL.SYSTEM2; ApiTokenProperty.getApiToken is older (1.426)
 * Runs as:    the caller. Jenkins shows a legacy token only to its owner and to SYSTEM (since 1.638), so an administrator
 *             showing another user's token must set asSystem=true, which runs that one read as SYSTEM and says so.
 * Changes:    nothing
 * Secrets:    prints the legacy token value; sealed for the launcher when it is the caller
 * Parameters:
 *   user       String   required   id of an existing user (never created)
 *   asSystem   Boolean  false      read the token as SYSTEM, to see another user's
 *   format     String   'text'     text or json
 * Output:     text: the token, once, or that the user has none; json: {user, hasLegacyToken, value, readAs}. Through the
 *             launcher the value travels sealed.
 * Example:    user: 'alice', asSystem: true
 *             Legacy API token of user 'alice' (read as SYSTEM), shown this once: 5f4dcc3b...
 */
import hudson.model.User
import jenkins.model.Jenkins
import jenkins.security.ApiTokenProperty

Map defaults = [
        user    : '',
        asSystem: false,
        format  : 'text',
]

new ApiTokenKit(binding).run(defaults, ['text', 'json']) { ApiTokenKit kit, Map p ->
    kit.requireSystemContext()
    User user = kit.user(p.user)
    ApiTokenProperty tokens = kit.tokens(user)
    String readAs = p.asSystem ? 'SYSTEM' : Jenkins.getAuthentication2().name
    Map result = [user: user.id, hasLegacyToken: tokens.hasLegacyToken(), value: null, readAs: readAs, changed: false]
    if (!tokens.hasLegacyToken()) {
        return [result: result, text: "User ${kit.quote(user.id)} has no legacy API token.\n"]
    }
    String value = p.asSystem ? kit.asSystem { tokens.apiToken } : tokens.apiToken
    if (!(value ==~ /[0-9a-f]{32}/)) {
        throw new ApiTokenKitError("Jenkins shows the legacy token of ${kit.quote(user.id)} only to that user and to SYSTEM; " +
                "you are ${kit.quote(readAs)}: set asSystem=true to read it as SYSTEM")
    }
    result.value = kit.secret(value)
    return [result: result, text: "Legacy API token of user ${kit.quote(user.id)} (read as ${readAs}), shown this once: ${result.value}\n"]
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

}
// ---- end of api-token-kit runtime ----
