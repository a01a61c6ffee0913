package io.github.apitokenkit.conventions

import hudson.model.User
import io.github.apitokenkit.launcher.RemoteScript
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
            'émoji 🔑', '中文トークン', 'right-to-left \u202e override', 'zero\u200bwidth',
            '@@api-token-kit-result@@ 00 e30=', 'sealed:AAAA', 'x' * 5000,
    ]
    static final List<String> CONTROL = ['line\nbreak', 'carriage\rreturn', 'tab\there', 'nul\u0000byte', 'escape\u001b[31m', '\u007f']

    def 'the list is long enough to mean something'() {
        expect:
        (HOSTILE + CONTROL).size() >= 30
    }

    @Unroll
    def 'token name #shown round-trips exactly'() {
        given:
        Set<String> usersBefore = User.getAll()*.id as Set

        when:
        RemoteScript.Result result = Kit.launch('create-api-token', [user: 'svc-ci', name: value], admin).result

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
    def 'token name #shown with a control character is refused in one line, creating nothing'() {
        when:
        RemoteScript.Result result = Kit.launch('create-api-token', [user: 'svc-ci', name: value], admin).result

        then:
        !result.ok
        result.error == 'parameter name must not contain control characters (newlines, tabs, NUL)'
        result.text.readLines().size() == 1
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
        RemoteScript.Result result = Kit.launch('list-api-tokens', [user: value], admin).result

        then:
        !result.ok
        result.text.readLines().size() == 1
        result.error.startsWith(value in CONTROL ? 'parameter user must not contain control characters' : 'no user ')
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
        RemoteScript.Result result = Kit.launch('create-api-token', [user: value, name: 'x'], admin).result

        then:
        result.ok
        result.value.user == value
        User.getById(value, false).getProperty(jenkins.security.ApiTokenProperty).tokenList*.name == ['x']

        where:
        value << HOSTILE.findAll { !it.trim().isEmpty() && !(it.trim().toLowerCase() in ['anonymous', 'system', 'unknown']) && it.length() < 200 }
        shown = value.take(40).inspect()
    }

    @Unroll
    def 'a parameter named #name never reaches Jenkins: the launcher refuses it'() {
        when:
        RemoteScript.build('create-api-token', 'null', [(name): 'x'], RemoteScript.newNonce(), null)

        then:
        IllegalArgumentException e = thrown()
        e.message == "'${name}' is not a valid parameter name: use letters and digits, starting with a letter"

        where:
        name << ['out', 'binding', 'apiTokenKitEnvelope', 'dry run', '$x', 'a.b', '1st', '', 'name\n']
    }
}
