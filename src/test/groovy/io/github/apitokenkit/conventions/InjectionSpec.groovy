package io.github.apitokenkit.conventions

import hudson.model.User
import io.github.apitokenkit.launcher.RemoteScript
import io.github.apitokenkit.standin.ScriptConsole
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import spock.lang.Unroll

/**
 * Hostile values reach the scripts through the launcher's prologue as data, never as code: used as a user id or a
 * token name, each either round-trips exactly or is refused with one clear line, and has no other effect.
 */
class InjectionSpec extends ScriptSpecification {
    static final List<String> HOSTILE = [
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
    static final List<String> WHOLE_PATH = ["'", '"""', '\\', '${System.exit(1)}', '\\u0041', '@@api-token-kit-result@@ 00 e30=']

    static RemoteScript.Result launched(String script, Map parameters, def caller, String value) {
        (value in WHOLE_PATH ? Kit.launch(script, parameters, caller) : Kit.bound(script, parameters, caller)).result
    }

    /** Refused as text by the kit's one definition (ApiTokenKit.UNPRINTABLE): controls, format characters, separators. */
    static final List<String> CONTROL = ['line\nbreak', 'carriage\rreturn', 'tab\there', 'nul\u0000byte', 'escape\u001b[31m', '\u007f',
                                         'next\u0085line', 'line\u2028separator', 'paragraph\u2029separator', 'right-to-left \u202e override',
                                         'zero\u200bwidth', 'isolate\u2066x\u2069', 'lone\ud800surrogate', 'non' + ((char) 0xFFFF) + 'character']

    def 'the list is long enough to mean something'() {
        expect:
        (HOSTILE + CONTROL).size() >= 30
    }

    @Unroll
    def 'token name #shown round-trips exactly'() {
        given:
        Set<String> usersBefore = User.getAll()*.id as Set

        when:
        RemoteScript.Result result = launched('create-api-token', [user: 'svc-ci', name: value], admin, value)

        then:
        result.ok
        result.value.name == value
        tokens('svc-ci').tokenList*.name == [value]
        User.getAll()*.id as Set == usersBefore
        !result.text.contains('\tat ')

        when: 'it survives a restart too'
        j.restart()

        then:
        tokens('svc-ci').tokenList*.name == [value]

        where:
        value << HOSTILE
        shown = value.take(40).inspect()
    }

    @Unroll
    def 'token name #shown with a control character is refused in one line, creating nothing: by the launcher before sending, by the runtime at boot'() {
        when:
        Kit.launch('create-api-token', [user: 'svc-ci', name: value], admin)

        then:
        IllegalArgumentException refused = thrown()
        refused.message.startsWith('parameter name must not contain control, format or line-separator characters (U+')
        refused.message.readLines().size() == 1

        when:
        String booted = Kit.boot('create-api-token', [user: 'svc-ci', name: value])

        then:
        booted.startsWith('ERROR: parameter name must not contain control, format or line-separator characters (U+')
        booted.readLines().size() == 1
        tokens('svc-ci').tokenList.empty

        where:
        value << CONTROL
        shown = value.inspect()
    }

    @Unroll
    def 'user id #shown that names nobody is refused in one line and creates no user'() {
        given:
        Set<String> usersBefore = User.getAll()*.id as Set

        when:
        String output = Kit.boot('list-api-tokens', [user: value])

        then:
        output.readLines().size() == 1
        output.startsWith(value in CONTROL ? 'ERROR: parameter user must not contain control, format or line-separator characters' : 'ERROR: no user ')
        User.getAll()*.id as Set == usersBefore

        where:
        value << HOSTILE + CONTROL
        shown = value.take(40).inspect()
    }

    @Unroll
    def 'user id #shown of an existing user is found exactly'() {
        given:
        User.getById(value, true).save()

        when:
        RemoteScript.Result result = launched('create-api-token', [user: value, name: 'x'], admin, value)

        then:
        result.ok
        result.value.user == value
        User.getById(value, false).getProperty(jenkins.security.ApiTokenProperty).tokenList*.name == ['x']

        where:
        value << HOSTILE.findAll { !it.trim().isEmpty() && !(it.trim().toLowerCase() in ['anonymous', 'system', 'unknown']) && it.length() < 200 }
        shown = value.take(40).inspect()
    }

    @Unroll
    def 'a payload longer than a Groovy string constant may be (65,535 characters) still compiles and arrives whole'() {
        given: 'a script and a parameter that together make a payload of several constants'
        String big = 'x' * 100_000
        String source = '// ' + 'padding ' * 10_000 + '\nprint(big.length() + " " + big.every { it == "x" })'
        String nonce = RemoteScript.newNonce()

        when:
        String posted = RemoteScript.build('long-script', source, [big: big], nonce, null)
        String output = ScriptConsole.run(posted, admin)

        then:
        posted.length() > 3 * 65_535
        output.startsWith('100000 true')
        !output.contains('String too long')
        RemoteScript.payload(posted).contains(big)
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
    static class FoldingRealm extends hudson.security.AbstractPasswordBasedSecurityRealm {
        @Override
        jenkins.model.IdStrategy getUserIdStrategy() {
            new jenkins.model.IdStrategy.CaseInsensitive() {
                @Override
                String keyFor(String id) { super.keyFor(id.replace('\u0131', 'i')) }
            }
        }

        @Override
        protected org.springframework.security.core.userdetails.UserDetails authenticate2(String username, String password) {
            throw new org.springframework.security.authentication.BadCredentialsException(username)
        }

        @Override
        org.springframework.security.core.userdetails.UserDetails loadUserByUsername2(String username) {
            throw new org.springframework.security.core.userdetails.UsernameNotFoundException(username)
        }
    }

    def 'a confusable id that an older Jenkins resolves to another user is refused, not acted on: §20 SECURITY-3924'() {
        given:
        j.jenkins.securityRealm = new FoldingRealm()

        when:
        String output = Kit.boot('create-api-token', [user: 'al\u0131ce', name: 'x'])

        then:
        User.getById('al\u0131ce', false)?.id == 'alice'
        output == "ERROR: user 'al\u0131ce' resolves to 'alice', another id: give that exact id if it is the one meant\n"
        tokens('alice').tokenList.empty
    }
}
