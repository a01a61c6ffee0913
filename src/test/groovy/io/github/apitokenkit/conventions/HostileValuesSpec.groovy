package io.github.apitokenkit.conventions

import hudson.model.User
import io.github.apitokenkit.launcher.RemoteScript
import io.github.apitokenkit.support.JenkinsSide
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.KnowsNobodyRealm
import io.github.apitokenkit.support.ScriptSpecification
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import spock.lang.Unroll

/**
 * Every script, every text parameter, every value of a hostile corpus, the launcher's way (its payload and binding,
 * Kit.bound); for one value of each class of the corpus, also the Script Console's way (the value written into the
 * defaults map) and the whole launcher path (Kit.launch: prologue, envelope). Those two paths compile the script at
 * every run (about 0.1 s each: the text differs every time). What the console's way adds to Kit.bound is Groovy
 * reading the literal in the script's own defaults map, so it runs for the first parameter of the scripts that write
 * a token (create, seed) and of the one that revokes by selector. What the whole path adds is the prologue's decoding
 * of the payload, one text for every script (RemoteScript), in which the first parameter travels for every script
 * (only seed-api-token's value travels apart), so it runs for create-api-token's first parameter.
 * Each run must end one of two ways: refused with one line and nothing changed, or the value taken literally as
 * data: only the user it names (when it is the user parameter) or the script's own user changes, a token it adds
 * has exactly the name given, and nothing else is removed. Then a restart must bring back exactly what was saved.
 *
 * A second corpus, INJECTION, aims at code: Groovy source, shell, markup and the launcher's envelope. Its values,
 * and the corpus's unprintable ones, go the launcher's way as a token name and as a user id: each round-trips exactly
 * or is refused in one line, and has no other effect.
 */
class HostileValuesSpec extends ScriptSpecification {
    static final Map<String, String> CORPUS = [
            'empty'                      : '',
            'a space'                    : ' ',
            'spaces and a tab'           : ' \t ',
            'a tab'                      : '\t',
            'a tab inside'               : 'a\tb',
            'a newline'                  : '\n',
            'CR LF'                      : '\r\n',
            'a no-break space'           : '\u00a0',
            'an ideographic space'       : '\u3000',
            'a newline inside'           : 'a\nb',
            'a CR inside'                : 'a\rb',
            'NEL U+0085'                 : 'a\u0085b',
            'line separator U+2028'      : 'a\u2028b',
            'paragraph separator U+2029' : 'a\u2029b',
            'a vertical tab'             : 'a\u000bb',
            'a form feed'                : 'a\u000cb',
            'NUL'                        : 'a\u0000b',
            'ESC colour'                 : 'a\u001b[31mb',
            'DEL'                        : 'a\u007fb',
            'C1 CSI'                     : 'a\u009b31mb',
            'RLO bidi override'          : 'a\u202eb',
            'bidi isolate'               : '\u2066a\u2069',
            'Arabic letter mark'         : 'a\u061cb',
            'zero-width space'           : 'a\u200bb',
            'zero-width joiner'          : 'a\u200db',
            'byte order mark'            : '\ufeffa',
            'a lone surrogate'           : 'a\ud800b',
            'non-character U+FFFF'       : 'a' + ((char) 0xFFFF) + 'b', // a \\uFFFF escape here would end Groovy's lexer
            'the envelope marker'        : '@@api-token-kit-result@@',
            'an envelope line'           : '@@api-token-kit-result@@ 00 e30=',
            'the old sealed prefix'      : 'sealed:AAAA',
            'a secret reference'         : '<secret 1 of 0123456789abcdef0123456789abcdef>',
            'a console result'           : 'Result: ok',
            'an error line'              : 'ERROR: fake',
            '10 kB'                      : 'x' * 10240,
            '257 characters'             : 'y' * 257,
            'other user alice'           : 'alice',
            'other user admin'           : 'admin',
            'upper-case ALICE'           : 'ALICE',
            'dotless i'                  : 'al\u0131ce',
            'Cyrillic a'                 : '\u0430lice',
            'a trailing space'           : 'alice ',
            'a leading space'            : ' alice',
            'Groovy interpolation'       : '${-> jenkins.model.Jenkins.get().doQuietDown()}',
            'a quote break'              : "'); x('",
            'a wildcard'                 : '*',
            'a regular expression'       : '.*',
            'null'                       : 'null',
    ]
    static final List<String> INJECTION = [
            "'", '"', "'''", '"""', '\\', '\\\\', '\\n', '\\u0041',
            '${System.exit(1)}', '$out', '${-> jenkins.model.Jenkins.get().doQuietDown()}', '#{x}', '%s%n%x',
            '"; System.exit(1); "', "'); jenkins.model.Jenkins.get().cleanUp(); ('", '""" + Runtime.runtime.exec("id") + """',
            '/* open comment', '// line comment', '@Grab("evil")', 'binding.setVariable("dryRun", false)',
            '$(rm -rf /)', '`id`', '| tee /tmp/x', '; ls', '&& reboot', '--dryRun=false', 'a,b,c',
            '<script>alert(1)</script>', '&amp;', '../../etc/passwd', ' leading space', 'trailing space ',
            'émoji 🔑', '中文トークン', '@@api-token-kit-result@@ 00 e30=', 'sealed:AAAA', '<secret 1 of 00000000000000000000000000000000>',
            'x' * 256,
    ]
    /**
     * The values that go the launcher's whole way, the prologue compiled and run in Jenkins's script console for each:
     * those aimed at Groovy source and at the envelope. The others take Kit.bound, the same payload (built by
     * RemoteScript, decoded as the prologue decodes it) with the script compiled once: each compile costs 0.1 s.
     */
    static final List<String> INJECTION_WHOLE_PATH = ["'", '"""', '\\', '${System.exit(1)}', '\\u0041', '@@api-token-kit-result@@ 00 e30=']

    static RemoteScript.Result injected(String script, Map parameters, def caller, String value) {
        (value in INJECTION_WHOLE_PATH ? Kit.launch(script, parameters, caller) : Kit.bound(script, parameters, caller)).result
    }

    /** The corpus's values holding an UNPRINTABLE character and not blank: refused as text by the kit's one definition. */
    static List<String> unprintable() {
        CORPUS.values().findAll { (it =~ ApiTokenKitText.UNPRINTABLE).find() && it.trim() }
    }

    /** One value of each class, for the paths that compile the script on every run. */
    static final List<String> REPRESENTATIVE = ['a space', 'a newline inside', 'NEL U+0085', 'line separator U+2028', 'RLO bidi override',
                                                'zero-width space', 'the envelope marker', 'a secret reference', '10 kB', 'dotless i',
                                                'other user admin', 'Groovy interpolation']
    /** The scripts whose first parameter also takes the console's way. */
    static final List<String> CONSOLE_SCRIPTS = ['create-api-token', 'seed-api-token', 'revoke-api-tokens']
    /** The script whose first parameter also takes the whole launcher path: the prologue is the same for every script. */
    static final String WHOLE_PATH_SCRIPT = 'create-api-token'
    static final String SEED_VALUE = '11' + '0123456789abcdef' * 2
    /**
     * The one script whose format parameter takes the corpus. The runtime refuses a format outside the script's own
     * literal list before any code of the script runs (ApiTokenKit.run), and every script carries that runtime
     * unchanged (ScriptConventionsSpec), so every script would take the same path; this one offers all three formats.
     */
    static final String FORMAT_SCRIPT = 'list-api-tokens'

    /** Per script and text parameter: the other parameters, chosen so that the run would change something for real. */
    static final Map<String, Map<String, Map>> CASES = [
            'create-api-token'        : [user   : [name: 'base'], name: [user: 'svc-ci'], expires: [user: 'svc-ci', name: 'base'],
                                         format : [user: 'svc-ci', name: 'base']],
            'list-api-tokens'         : [user: [:], format: [user: 'alice']],
            'audit-api-tokens'        : [user: [:], minSeverity: [user: 'alice'], format: [user: 'alice']],
            'revoke-api-tokens'       : [user     : [name: 'laptop', dryRun: false], uuid: [user: 'alice', dryRun: false],
                                         name     : [user: 'alice', dryRun: false], allExcept: [user: 'alice', dryRun: false],
                                         format   : [user: 'alice', name: 'laptop', dryRun: false]],
            'rotate-api-token'        : [user   : [name: 'laptop'], name: [user: 'alice', createIfMissing: true],
                                         expires: [user: 'alice', name: 'laptop'], format: [user: 'alice', name: 'laptop']],
            'seed-api-token'          : [user   : [name: 'seeded', value: SEED_VALUE], name: [user: 'alice', value: SEED_VALUE],
                                         value  : [user: 'alice', name: 'seeded'], expires: [user: 'alice', name: 'seeded', value: SEED_VALUE],
                                         format : [user: 'alice', name: 'seeded', value: SEED_VALUE]],
            'prune-api-tokens'        : [user: [unusedForDays: 1, dryRun: false], format: [user: 'alice', unusedForDays: 1, dryRun: false]],
            'show-legacy-api-token'   : [user: [asSystem: true], format: [user: 'alice', asSystem: true]],
            'change-legacy-api-token' : [user: [:], format: [user: 'alice']],
            'audit-legacy-api-tokens' : [user: [:], format: [user: 'alice']],
            'revoke-leaked-api-token' : [value: [dryRun: false], valueSha256: [dryRun: false], format: [value: SEED_VALUE, dryRun: false]],
            'revoke-legacy-api-tokens': [user: [dryRun: false], format: [user: 'alice', dryRun: false]],
            'set-api-token-settings'  : [tokenGenerationOnCreation: [:], creationOfLegacyToken: [:], usageStatistics: [:], format: [:]],
    ]

    def setup() {
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = true
        ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled = true
        User.getById('legacy-holder', true).save()
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = false
        tokens('alice').changeApiToken()
        ['laptop', 'laptop', 'ci'].each { tokens('alice').generateNewToken(it) }
        tokens('svc-ci').generateNewToken('deploy')
    }

    def 'the corpus covers every class the trust rules name'() {
        expect:
        CORPUS.size() >= 45
        INJECTION.size() >= 30
        unprintable().size() >= 15
        CASES.keySet() == new File('scripts').listFiles().findAll { it.name.endsWith('.groovy') }*.name*.replace('.groovy', '') as Set
    }

    @Unroll
    def '#script: every hostile #parameter is refused in one line or taken literally'() {
        given:
        Map before = state()
        List<String> problems = []

        when:
        CORPUS.each { String label, String value ->
            problems.addAll(launched(script, parameter, value, false).collect { "launcher payload, ${label}: ${it}" })
            if (label in REPRESENTATIVE && parameter == CASES[script].keySet().first()) {
                if (script == WHOLE_PATH_SCRIPT) {
                    problems.addAll(launched(script, parameter, value, true).collect { "launcher, ${label}: ${it}" })
                }
                if (script in CONSOLE_SCRIPTS) {
                    problems.addAll(pasted(script, parameter, value).collect { "console, ${label}: ${it}" })
                }
            }
        }
        Map saved = state()
        j.restart()

        then:
        problems == []
        state() == saved
        before.keySet() == saved.keySet()

        where:
        [script, parameter] << CASES.collectMany { String script, Map parameters ->
            parameters.keySet().findAll { it != 'format' || script == FORMAT_SCRIPT }.collect { [script, it] }
        }
    }

    /** The users Jenkins keeps; not the SYSTEM user core makes in memory for a script run as SYSTEM (§15), never saved. */
    static Set<String> userIds() {
        (User.getAll()*.id - 'SYSTEM') as Set
    }

    def 'every INJECTION value as a token name round-trips exactly, and a restart brings each back'() {
        given:
        Set<String> usersBefore = userIds()
        List<String> problems = []

        when: 'each value becomes a token of svc-ci, beside its token deploy'
        INJECTION.each { String value ->
            RemoteScript.Result result = injected('create-api-token', [user: 'svc-ci', name: value], admin, value)
            if (!result.ok || result.value.name != value || result.text.contains('\tat ')) {
                problems << "${value.take(40).inspect()}: ${result.ok ? result.value.name?.take(40)?.inspect() : result.error}"
            }
        }
        List<String> made = tokens('svc-ci').tokenList*.name
        j.restart()

        then:
        problems == []
        made.sort() == (INJECTION + 'deploy').sort()
        tokens('svc-ci').tokenList*.name.sort() == made.sort()
        userIds() == usersBefore
    }

    def 'every unprintable value as a token name is refused in one line, creating nothing: by the launcher before sending, by the runtime at boot'() {
        given:
        List<String> problems = []

        when:
        unprintable().each { String value ->
            try {
                Kit.launch('create-api-token', [user: 'svc-ci', name: value], admin)
                problems << "${value.inspect()}: sent by the launcher"
            } catch (IllegalArgumentException refused) {
                if (!refused.message.startsWith('parameter name must not contain control, format or line-separator characters (U+') ||
                        refused.message.readLines().size() != 1) {
                    problems << "${value.inspect()}: the launcher said ${refused.message.inspect()}"
                }
            }
            String booted = Kit.boot('create-api-token', [user: 'svc-ci', name: value])
            if (!booted.startsWith('ERROR: parameter name must not contain control, format or line-separator characters (U+') ||
                    booted.readLines().size() != 1) {
                problems << "${value.inspect()}: at boot ${booted.inspect()}"
            }
        }

        then:
        problems == []
        tokens('svc-ci').tokenList*.name == ['deploy']
    }

    def 'every INJECTION and unprintable value as a user id that names nobody is refused in one line and creates no user'() {
        given:
        Set<String> usersBefore = userIds()

        expect:
        (INJECTION + unprintable()).findAll { String value ->
            String output = Kit.boot('list-api-tokens', [user: value])
            !(output.readLines().size() == 1 && output.startsWith(value in unprintable() ?
                    'ERROR: parameter user must not contain control, format or line-separator characters' : 'ERROR: no user '))
        } == []
        userIds() == usersBefore
    }

    def 'every INJECTION value as the id of an existing user finds that user exactly'() {
        given: 'a user of each id Jenkins can hold (not blank, not one it reserves, not longer than the kit takes)'
        List<String> ids = INJECTION.findAll { !it.trim().isEmpty() && !(it.trim().toLowerCase() in ['anonymous', 'system', 'unknown']) && it.length() < 200 }
        ids.each { User.getById(it, true).save() }

        expect:
        ids.findAll { String value ->
            RemoteScript.Result result = injected('create-api-token', [user: value, name: 'x'], admin, value)
            !(result.ok && result.value.user == value &&
                    User.getById(value, false).getProperty(jenkins.security.ApiTokenProperty).tokenList*.name == ['x'])
        } == []
        ids.size() >= 25
    }

    @Unroll
    def 'a payload longer than a Groovy string constant may be (65,535 characters) still compiles and arrives whole'() {
        given: 'a script and a parameter that together make a payload of several constants, gzipped as it travels'
        Random random = new Random(42)
        String alphabet = ('A'..'Z').join('') + ('a'..'z').join('') + ('0'..'9').join('') + '+/'
        String big = (1..220_000).collect { alphabet[random.nextInt(64)] }.join('')
        String source = '// ' + 'padding ' * 10_000 + '\nprint(big.length() + " " + big.hashCode())'
        String nonce = RemoteScript.newNonce()

        when:
        String posted = RemoteScript.build('long-script', source, [big: big], nonce, null)
        String output = JenkinsSide.console(posted, admin)

        then:
        posted.length() > 3 * 65_535
        output.startsWith("220000 ${big.hashCode()}")
        !output.contains('String too long')
        new groovy.json.JsonSlurper().parseText(RemoteScript.payload(posted)).parameters.big == big
    }

    def 'a parameter named #name never reaches Jenkins: the launcher refuses it'() {
        when:
        RemoteScript.build('create-api-token', 'null', [(name): 'x'], RemoteScript.newNonce(), null)

        then:
        IllegalArgumentException e = thrown()
        e.message == "'${name}' is not a valid parameter name: use letters and digits, starting with a letter"

        where:
        name << ['out', 'binding', 'apiTokenKitEnvelope', 'dry run', '$x', 'a.b', '1st', '', 'name\n']
    }

    /** A realm whose ids fold a dotless i into an i, as the case-insensitive strategy did before SECURITY-3924 (2.576). */
    static class FoldingRealm extends KnowsNobodyRealm {
        @Override
        jenkins.model.IdStrategy getUserIdStrategy() {
            new jenkins.model.IdStrategy.CaseInsensitive() {
                @Override
                String keyFor(String id) { super.keyFor(id.replace('\u0131', 'i')) }
            }
        }
    }

    def 'a confusable id that an older Jenkins resolves to another user is refused, not acted on: §20 SECURITY-3924'() {
        given:
        j.jenkins.securityRealm = new FoldingRealm()
        List<String> aliceHad = tokens('alice').tokenList*.uuid

        when:
        String output = Kit.boot('create-api-token', [user: 'al\u0131ce', name: 'x'])

        then:
        User.getById('al\u0131ce', false)?.id == 'alice'
        output == "ERROR: user 'al\u0131ce' resolves to 'alice', another id: give that exact id if it is the one meant\n"
        tokens('alice').tokenList*.uuid == aliceHad
    }
    /** The launcher's way: the value as data in the prologue's payload; the answer read from the envelope. */
    List<String> launched(String script, String parameter, String value, boolean wholePath) {
        Map<String, String> parameters = (CASES[script][parameter] + [(parameter): value]).collectEntries { k, v -> [(k): String.valueOf(v)] }
        Map before = state()
        RemoteScript.Result result
        try {
            result = (wholePath ? Kit.launch(script, parameters, admin) : Kit.bound(script, parameters, admin)).result
        } catch (IllegalArgumentException refusedBeforeSending) {
            return judge(script, parameter, value, before, false, refusedBeforeSending.message, refusedBeforeSending.message)
        }
        return judge(script, parameter, value, before, result.ok, result.ok ? result.text : result.error, result.text)
    }

    /** The console's way: the value written into the defaults map as a Groovy literal, the output as a person sees it. */
    List<String> pasted(String script, String parameter, String value) {
        Map before = state()
        String output = Kit.paste(script, CASES[script][parameter] + [(parameter): value], admin)
        boolean refused = output.startsWith('ERROR: ')
        return judge(script, parameter, value, before, !refused, refused ? output.substring(7).replaceFirst(/\n$/, '') : output, output)
    }

    List<String> judge(String script, String parameter, String value, Map before, boolean ok, String message, String output) {
        List<String> problems = []
        Map after = state()
        if (output.split('\n').any { it =~ ApiTokenKitText.UNPRINTABLE }) {
            problems << "printed an unprintable character: ${output.take(200).inspect()}"
        }
        if (output.contains('\tat ') || output.contains('Exception')) {
            problems << "printed a stack trace or an exception: ${output.take(200).inspect()}"
        }
        if (!ok) {
            if (message.readLines().size() != 1 || output.readLines().size() != 1) {
                problems << "refused in more than one line: ${output.take(200).inspect()}"
            }
            if (after != before) {
                problems << "refused, yet changed ${difference(before, after)}"
            }
            return problems
        }
        User named = parameter == 'user' && value ? User.getById(value, false) : null
        String target = named?.id ?: (CASES[script][parameter].user ?: 'alice')
        (after.keySet() + before.keySet()).findAll { it != 'settings' && it != target && before[it] != after[it] }.each {
            problems << "took ${parameter} literally, yet changed user ${it}"
        }
        if (before.settings != after.settings) {
            problems << "changed the settings: ${difference(before, after)}"
        }
        List added = (after[target]?.tokens ?: []) - (before[target]?.tokens ?: [])
        String expectedName = parameter == 'name' ? value : CASES[script][parameter].name
        added.findAll { it.name != expectedName && !it.legacy }.each { problems << "added a token named ${it.name.inspect()}, not ${expectedName.inspect()}" }
        List removed = (before[target]?.tokens ?: []) - (after[target]?.tokens ?: [])
        boolean replacing = script in ['rotate-api-token', 'seed-api-token', 'change-legacy-api-token', 'revoke-legacy-api-tokens'] ||
                (script == 'revoke-api-tokens' && parameter in ['user', 'format'])
        if (removed && !replacing) {
            problems << "took ${parameter} literally, yet revoked ${removed*.name}"
        }
        return problems
    }

    /** Every user's tokens (uuid, name, legacy) and the three settings: what a run may change. */
    Map state() {
        Map state = [:]
        // SYSTEM is the in-memory user core's User.current() gives a script running as SYSTEM; it is never saved.
        User.getAll().findAll { it.id != 'SYSTEM' }.each { User user ->
            ApiTokenProperty property = user.getProperty(ApiTokenProperty)
            state[user.id] = [legacySeed: property?.hasLegacyToken(),
                              tokens    : (property?.tokenStore?.tokenListSortedByName ?: []).collect {
                                  [uuid: it.uuid, name: it.name, legacy: it.isLegacy()]
                              }.sort { it.uuid }]
        }
        ApiTokenPropertyConfiguration c = ApiTokenPropertyConfiguration.get()
        state.settings = [c.tokenGenerationOnCreationEnabled, c.creationOfLegacyTokenEnabled, c.usageStatisticsEnabled]
        return state
    }

    static String difference(Map before, Map after) {
        (before.keySet() + after.keySet()).findAll { before[it] != after[it] }.collect { "${it}: ${before[it]} -> ${after[it]}" }.join('; ')
    }

    /** The runtime's definition, read from the runtime itself so that this spec judges by the same rule. */
    static class ApiTokenKitText {
        static final String UNPRINTABLE = (new File('scripts/lib/runtime.groovy').text =~ /static final String UNPRINTABLE = \/(.+)\//)[0][1]
    }
}
