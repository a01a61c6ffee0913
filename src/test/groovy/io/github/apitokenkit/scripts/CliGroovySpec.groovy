package io.github.apitokenkit.scripts

import groovy.json.JsonSlurper
import hudson.model.User
import io.github.apitokenkit.support.CliOutcome
import io.github.apitokenkit.support.JenkinsSide
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import spock.lang.Unroll

/**
 * Every kit script through the Jenkins CLI's groovy command ({@code java -jar jenkins-cli.jar groovy = NAME=VALUE ...
 * < script.groovy}), whose arguments arrive as args: taken as the launcher's parameters are, with the same checks;
 * a refusal is the CLI's own "ERROR:" line on stderr with exit 3, and changes nothing.
 */
class CliGroovySpec extends ScriptSpecification {
    static final String VALUE = '11' + '7a' * 16

    /** Per script, arguments that make it run to the end here (writing ones in a dry run where they have one). */
    static final Map<String, List<String>> RUNS = [
            'create-api-token'        : ['user=svc-ci', 'name=cli'],
            'list-api-tokens'         : ['user=alice'],
            'audit-api-tokens'        : ['user=alice'],
            'revoke-api-tokens'       : ['user=alice', 'all=true'],
            'revoke-leaked-api-token' : ['value=' + VALUE],
            'rotate-api-token'        : ['user=alice', 'name=cli', 'createIfMissing=true'],
            'seed-api-token'          : ['user=alice', 'name=seeded', 'value=' + VALUE],
            'prune-api-tokens'        : ['allUsers=true', 'neverUsedOlderThanDays=1'],
            'show-legacy-api-token'   : ['user=alice', 'asSystem=true'],
            'change-legacy-api-token' : ['user=alice', 'dryRun=true'],
            'audit-legacy-api-tokens' : [],
            'revoke-legacy-api-tokens': ['allUsers=true'],
            'set-api-token-settings'  : [],
    ]

    def setup() {
        jenkins.security.apitoken.ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled = true
    }

    def 'every script has a CLI run'() {
        expect:
        RUNS.keySet() == new File('scripts').listFiles().findAll { it.name.endsWith('.groovy') }*.name*.replace('.groovy', '') as Set
    }

    @Unroll
    def '#script runs under the CLI, without the console\'s star imports, and prints its whole report'() {
        when:
        CliOutcome outcome = JenkinsSide.cli(Kit.source(script), RUNS[script], admin)

        then:
        outcome.exitCode == 0
        outcome.stderr == ''
        outcome.stdout.endsWith('\n')
        !outcome.stdout.contains('ERROR')

        where:
        script << RUNS.keySet()
    }

    def 'the arguments are the parameters: a token is made, and JSON printed without a newline of its own still arrives'() {
        when:
        CliOutcome created = JenkinsSide.cli(Kit.source('create-api-token'), ['user=svc-ci', 'name=ci', 'format=json'], admin)
        Map result = new JsonSlurper().parseText(created.stdout) as Map

        then:
        created.exitCode == 0
        result.user == 'svc-ci' && result.name == 'ci' && result.changed == true
        authenticates('svc-ci', result.value as String)
        tokenNames('svc-ci') == ['ci']
    }

    @Unroll
    def 'bad arguments (#why) end with the CLI\'s ERROR line and exit 3, show no value, and change nothing'() {
        when:
        CliOutcome outcome = JenkinsSide.cli(Kit.source(script), arguments, admin)

        then:
        outcome.exitCode == 3
        outcome.stderr == '\nERROR: ' + error + '\n'
        outcome.stdout == ''
        !outcome.stderr.contains('7a' * 16)
        tokenNames('alice') == [] && tokenNames('svc-ci') == []
        saves.isEmpty()

        where:
        why                  | script             | arguments                                    || error
        'no equals sign'     | 'create-api-token' | ['user=svc-ci', 'ci']                        || 'argument 2 is not name=value (a parameter name, =, then its value)'
        'a bare token value' | 'seed-api-token'   | ['user=alice', 'name=s', VALUE]              || 'argument 3 is not name=value (a parameter name, =, then its value)'
        'an empty name'      | 'create-api-token' | ['=svc-ci']                                  || 'argument 1 is not name=value (a parameter name, =, then its value)'
        'an unknown name'    | 'create-api-token' | ['user=svc-ci', 'name=ci', 'colour=red']     || "unknown parameter 'colour'; valid parameters: user, name, expires, ifMissing, allowOnConnectedController, maxLifetimeDays, requireExpiry, dryRun, format"
        'a name twice'       | 'create-api-token' | ['user=svc-ci', 'user=alice', 'name=ci']     || 'parameter user given twice'
        'a bad boolean'      | 'create-api-token' | ['user=svc-ci', 'name=ci', 'dryRun=maybe']   || "parameter dryRun must be true or false, not 'maybe'"
        'the script refuses' | 'create-api-token' | ['user=nobody', 'name=ci']                   || "no user 'nobody': the kit never creates users; check the id under Manage Jenkins > Users"
    }

    def 'like every way of running scripts, the CLI needs Overall/Administer: exit 6, nothing run'() {
        when:
        CliOutcome outcome = JenkinsSide.cli(Kit.source('create-api-token'), ['user=svc-ci', 'name=ci'], User.getById('alice', false).impersonate2())

        then:
        outcome.exitCode == 6
        outcome.stderr.startsWith('\nERROR: alice is missing the Overall/Administer permission')
        tokenNames('svc-ci') == []
    }
}
