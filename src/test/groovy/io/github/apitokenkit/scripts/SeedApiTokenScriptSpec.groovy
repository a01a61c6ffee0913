package io.github.apitokenkit.scripts

import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import spock.lang.Unroll

import java.time.LocalDate

class SeedApiTokenScriptSpec extends ScriptSpecification {
    static final String VALUE = '11' + '0123456789abcdef' * 2
    static final String OTHER = '11' + 'fedcba9876543210' * 2

    def 'a first run adds the token; a second run changes nothing and saves nothing'() {
        when:
        Kit.Launched first = Kit.bound('seed-api-token', [user: 'svc-ci', name: 'deploy', value: VALUE], admin)

        then:
        first.result.value.action == 'added'
        authenticates('svc-ci', VALUE)
        saves['svc-ci'] == 1

        when:
        saves.clear()
        Kit.Launched second = Kit.bound('seed-api-token', [user: 'svc-ci', name: 'deploy', value: VALUE], admin)

        then:
        second.result.value.action == 'unchanged'
        second.result.value.changed == false
        second.result.text == "API token 'deploy' of user 'svc-ci' already has this value: nothing changed.\n"
        tokenNames('svc-ci') == ['deploy']
        saves.isEmpty()
    }

    def 'another value under the same name is replaced: the new one works, the old one is revoked'() {
        given:
        Kit.bound('seed-api-token', [user: 'svc-ci', name: 'deploy', value: OTHER], admin)

        when:
        Kit.Launched replaced = Kit.bound('seed-api-token', [user: 'svc-ci', name: 'deploy', value: VALUE], admin)

        then:
        replaced.result.value.action == 'replaced'
        replaced.result.value.revoked.size() == 1
        authenticates('svc-ci', VALUE)
        !authenticates('svc-ci', OTHER)
        tokenNames('svc-ci') == ['deploy']
    }

    def 'a different expiry is a different state: the token is replaced with the new expiry'() {
        given:
        Kit.bound('seed-api-token', [user: 'svc-ci', name: 'deploy', value: VALUE], admin)

        when:
        Kit.Launched replaced = Kit.bound('seed-api-token', [user: 'svc-ci', name: 'deploy', value: VALUE, expires: '2099-01-01'], admin)

        then:
        replaced.result.value.action == 'replaced'
        tokens('svc-ci').tokenStore.tokenListSortedByName*.expirationDate == [LocalDate.parse('2099-01-01')]
        Kit.bound('seed-api-token', [user: 'svc-ci', name: 'deploy', value: VALUE, expires: '2099-01-01'], admin).result.value.action == 'unchanged'
    }

    def 'the value never appears in any output, and a dry run changes nothing'() {
        when:
        String pasted = Kit.paste('seed-api-token', [user: 'svc-ci', name: 'deploy', value: VALUE, dryRun: true], admin)
        Kit.Launched launched = Kit.bound('seed-api-token', [user: 'svc-ci', name: 'deploy', value: VALUE, format: 'json'], admin)
        String booted = Kit.boot('seed-api-token', [user: 'svc-ci', name: 'deploy', value: VALUE])

        then:
        pasted == "Dry run: would add API token 'deploy' of user 'svc-ci'. Nothing changed.\n"
        [pasted, launched.output, booted].every { !it.contains(VALUE.substring(2)) }
        booted == "API token 'deploy' of user 'svc-ci' already has this value: nothing changed.\n"
    }

    @Unroll
    def 'a bad value (#why) is refused without showing it, and nothing changes'() {
        when:
        Kit.Launched launched = Kit.bound('seed-api-token', [user: 'svc-ci', name: 'deploy', value: value], admin)

        then:
        !launched.result.ok
        launched.result.error.startsWith(error)
        !launched.result.error.contains(value.substring(2))
        // The envelope's line is left out: its random nonce and base64 may hold "abc" by chance.
        launched.output.readLines().findAll { !it.startsWith('@@api-token-kit-result@@') }.every { !it.contains(value.substring(2)) }
        tokens('svc-ci').tokenList.empty

        where:
        why                | value                || error
        'too short'        | '11abc'              || 'parameter value must be "11" followed by 32 hex characters'
        'wrong version'    | '12' + 'a' * 32      || 'parameter value must be "11" followed by 32 hex characters'
        'not hex'          | '11' + 'g' * 32      || 'parameter value must be "11" followed by 32 hex characters'
        'uppercase hex'    | '11' + 'A' * 32      || 'parameter value has uppercase hex'
    }
}
