package io.github.apitokenkit.controllers

import groovy.json.JsonSlurper
import io.github.apitokenkit.support.Controller
import io.github.apitokenkit.support.ControllerSpecification
import io.github.apitokenkit.support.RealJenkins
import io.github.apitokenkit.support.InProcessStandIn
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

/**
 * The launcher against a whole controller over HTTP: every bundled script through /scriptText, sealed values opened
 * here and working there, --output, --json, dry runs, refusals and exit codes; token expiry where core has it (2.548)
 * and a clean refusal where it has not.
 */
abstract class LauncherBehaviour extends ControllerSpecification {
    static final String VALUE = /11[0-9a-f]{32}/

    void controllerStarted() {
        controller.script('jenkins.security.apitoken.ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled = true')
    }

    @Unroll
    def 'bundled script #script runs end to end through /scriptText'() {
        given:
        String user = newUser('user', ['laptop', 'old'])

        when:
        List<String> valueGiven = script in ['seed-api-token', 'revoke-leaked-api-token'] ? ['--param-file', "value=${valueFile()}".toString()] : []
        int exit = launch(valueGiven + [script] + parameters.collect { it.replace('USER', user) })

        then:
        exit == 0
        stdout().replace(user, 'USER') =~ (controller.atLeast('2.548') ? expected : before2548 ?: expected)

        where:
        script                     | parameters                                  || expected | before2548
        'audit-legacy-api-tokens'  | []                                          || /No user has a legacy token|Users with a legacy API token/ | null
        'create-api-token'         | ['user=USER', 'name=ci']                    || /Created API token 'ci' for user 'USER'/ | null
        'list-api-tokens'          | ['user=USER']                               || /(?m)^  laptop / | null
        'audit-api-tokens'         | ['user=USER']                               || /Findings: no-expiry 2 / | /Findings: expiry-unavailable 1 /
        'revoke-api-tokens'        | ['user=USER', 'name=old', 'dryRun=false']   || /Revoked 'old' \(uuid [0-9a-f-]+\) of 'USER'/ | null
        'rotate-api-token'         | ['user=USER', 'name=laptop']                || /Rotated API token 'laptop' of user 'USER'/ | null
        'seed-api-token'           | ['user=USER', 'name=s']                     || /Added API token 's' of user 'USER'/ | null
        'prune-api-tokens'         | ['user=USER', 'neverUsedOlderThanDays=1']   || /No token meets the criteria/ | null
        'show-legacy-api-token'    | ['user=USER', 'asSystem=true']              || /User 'USER' has no legacy API token/ | null
        'change-legacy-api-token'  | ['user=USER']                               || /Created the legacy API token of user 'USER'/ | null
        'revoke-leaked-api-token'  | []                                          || /No token of any user has this value/ | null
        'revoke-legacy-api-tokens' | ['user=USER']                               || /No legacy token to revoke/ | null
        'set-api-token-settings'   | ['usageStatistics=true']                    || /usageStatistics\s+true/ | null
    }

    /** A file holding a value no token has, for the two scripts that take one. */
    String valueFile() {
        File file = new File(folder.root, 'value')
        file.text = '11' + UUID.randomUUID().toString().replace('-', '')
        file.path
    }

    def 'a created value is opened here, printed once, and works there; the new token is in the list'() {
        given:
        String user = newUser()

        when:
        int exit = launch(['create-api-token', "user=${user}".toString(), 'name=ci'])
        String value = stdout().find(/shown this once: (${VALUE})/) { all, v -> v }

        then:
        exit == 0
        value != null
        stdout().count(value) == 1
        controller.authenticates(user, value)
        controller.tokens(user)*.name == ['ci']
    }

    def '--output writes the value to a 0600 file, never to the terminal, and it works'() {
        given:
        String user = newUser()
        File file = new File(folder.root, 'token.txt')

        when:
        int exit = launch(['--output', file.path, 'create-api-token', "user=${user}".toString(), 'name=ci'])
        String value = file.text.trim()

        then:
        exit == 0
        value ==~ VALUE
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.toPath())) == 'rw-------'
        !stdout().contains(value)
        controller.authenticates(user, value)
    }

    def 'audit-api-tokens --report writes the inventory page, 0600, with every token listed, those without a finding too'() {
        given: 'a token with a finding (no expiry, from 2.548), and one with none: it expires in 60 days, or on an older core no token has a finding of its own'
        String user = newUser('user', ['laptop'])
        if (controller.atLeast('2.548')) {
            assert launch(['create-api-token', "user=${user}".toString(), 'name=fresh', 'expires=60']) == 0
        }
        File page = new File(folder.root, 'inventory.html')

        when:
        int exit = launch(['--report', page.path, 'audit-api-tokens', "user=${user}".toString()])
        String html = page.getText('UTF-8')

        then: 'the audit answers as without --report, and the page holds each token the controller lists'
        exit == 0
        stdout() =~ (controller.atLeast('2.548') ? /Findings: no-expiry 1 / : /Findings: expiry-unavailable 1 /)
        PosixFilePermissions.toString(Files.getPosixFilePermissions(page.toPath())) == 'rw-------'
        controller.tokens(user).size() == (controller.atLeast('2.548') ? 2 : 1)
        controller.tokens(user).every { html.contains('"' + it.uuid + '"') }
        html.contains('Content-Security-Policy')
    }

    @Unroll
    def '--json prints one object of one shape when #what: exit #exit, changed #changed, wouldChange #wouldChange'() {
        given:
        String user = newUser('user', ['old'])

        when:
        int code = launch(asAdmin() + env, ['--json'] + args.collect { it.replace('USER', user) })
        List<String> lines = stdout().readLines()
        Map printed = new JsonSlurper().parseText(lines[0]) as Map

        then:
        code == exit
        lines.size() == 1
        printed.keySet() == ['url', 'ok', 'exitCode', 'changed', 'result', 'error'] as Set
        printed.ok == (exit == 0)
        printed.exitCode == exit
        printed.changed == changed
        printed.result?.wouldChange == wouldChange
        (printed.result == null) == (exit != 0)
        (printed.error == null) == (exit == 0)
        printed.url == (exit == 2 ? null : controller.url.toString())
        controller.tokens(user)*.name == after

        where:
        what                          | env                                  | args                                                       || exit | changed | wouldChange | after
        'a read-only script succeeds' | [:]                                  | ['list-api-tokens', 'user=USER']                           || 0    | false   | null        | ['old']
        'a script changes something'  | [:]                                  | ['create-api-token', 'user=USER', 'name=x']                || 0    | true    | null        | ['old', 'x']
        'a dry run by default'        | [:]                                  | ['revoke-api-tokens', 'user=USER', 'name=old']             || 0    | false   | true        | ['old']
        'a dry run asked for'         | [:]                                  | ['create-api-token', 'user=USER', 'name=x', 'dryRun=true'] || 0    | false   | true        | ['old']
        'the script refuses'          | [:]                                  | ['create-api-token', 'user=USER', 'name=x', 'expires=-3']  || 1    | false   | null        | ['old']
        'the credentials are wrong'   | [JENKINS_API_TOKEN: '11' + 'e' * 32] | ['create-api-token', 'user=USER', 'name=x']                || 4    | false   | null        | ['old']
        'a command is mistyped'       | [:]                                  | ['lsit-api-tokens']                                        || 2    | false   | null        | ['old']
        'an option is unknown'        | [:]                                  | ['--frobnicate', 'list-api-tokens']                        || 2    | false   | null        | ['old']
    }

    def 'a user with Overall/Read only is refused /scriptText: exit 4, one line, nothing changed'() {
        given:
        String user = newUser()
        String alice = controller.generateThroughRest('alice', 'mine')

        when:
        int exit = launch([JENKINS_URL: controller.url.toString(), JENKINS_USER_ID: 'alice', JENKINS_API_TOKEN: alice],
                ['create-api-token', "user=${user}".toString(), 'name=x'])

        then:
        exit == 4
        stderr().readLines().size() == 1
        stderr().contains('alice')
        controller.tokens(user).empty
    }

    def 'a user who does not exist is refused in one line and is not created'() {
        expect:
        launch(['create-api-token', 'user=nobody-here', 'name=x']) == 1
        stderr().readLines().size() == 1
        stderr().contains('nobody-here')
        controller.script("print hudson.model.User.getById('nobody-here', false) == null") == 'true'
    }

    def 'token expiry where core has it (2.548); a clean refusal, nothing changed, where it has not'() {
        given:
        String user = newUser()
        File policy = new File(folder.root, 'policy.json')
        policy.text = '{"maxLifetimeDays": 90, "requireExpiry": true}'

        when:
        int created = launch(['--json', 'create-api-token', "user=${user}".toString(), 'name=ci', 'expires=30'])
        Map result = new JsonSlurper().parseText(stdout()) as Map
        int withPolicy = launch(['--policy', policy.path, 'create-api-token', "user=${user}".toString(), 'name=p', 'expires=30'])
        String policyError = stderr()
        int pruned = launch(['prune-api-tokens', "user=${user}".toString(), 'expired=true'])
        String pruneError = stderr()

        then:
        if (controller.atLeast('2.548')) {
            assert created == 0 && result.result.expires != null
            assert withPolicy == 0
            assert pruned == 0
            assert controller.tokens(user)*.name == ['ci', 'p']
        } else {
            assert created == 1 && result.error.contains('token expiry needs Jenkins 2.548 or newer')
            assert withPolicy == 1 && policyError.contains('needs token expiry, which Jenkins has from 2.548')
            assert pruned == 1 && pruneError.contains('2.548')
            assert controller.tokens(user).empty
        }
    }
}

class LauncherOnStandInSpec extends LauncherBehaviour {
    Controller startController(Closure<List<String>> prepare) { InProcessStandIn.start(prepare) }
}

class LauncherOnRealJenkinsIT extends LauncherBehaviour {
    Controller startController(Closure<List<String>> prepare) { RealJenkins.start(prepare) }
}
