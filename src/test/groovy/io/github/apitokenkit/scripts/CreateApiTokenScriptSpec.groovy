package io.github.apitokenkit.scripts

import groovy.json.JsonSlurper
import hudson.model.User
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.OperationsCenter
import io.github.apitokenkit.support.ScriptSpecification
import spock.lang.Unroll

import java.time.LocalDate

class CreateApiTokenScriptSpec extends ScriptSpecification {

    def 'pasted into the Script Console with its defaults edited, it creates the token and shows the value once'() {
        when:
        String output = Kit.paste('create-api-token', [user: 'svc-ci', name: 'deploy'], admin)
        String value = output.find(/Token value, shown this once: (11[0-9a-f]{32})/) { all, v -> v }

        then:
        output.startsWith("Created API token 'deploy' for user 'svc-ci' (uuid ${tokens('svc-ci').tokenList[0].uuid}), expires never.\n")
        output.count(value) == 1
        !output.contains('Result:')
        authenticates('svc-ci', value)
        tokenNames('svc-ci') == ['deploy']
        saves['svc-ci'] == 1
    }

    def 'sent by the launcher it reports its result in the envelope'() {
        when:
        Kit.Launched launched = Kit.launch('create-api-token', [user: 'svc-ci', name: 'deploy', expires: '30'], admin)

        then:
        launched.result.ok
        launched.result.value.user == 'svc-ci'
        launched.result.value.name == 'deploy'
        launched.result.value.expires == LocalDate.now().plusDays(30).toString()
        launched.result.value.changed == true
        authenticates('svc-ci', launched.result.value.value)
        tokens('svc-ci').tokenList[0].uuid == launched.result.value.uuid
    }

    def 'with the launcher\'s key the value is sealed: Jenkins never sees it in plaintext, the launcher opens it'() {
        when:
        Kit.Launched launched = Kit.launch('create-api-token', [user: 'svc-ci', name: 'deploy'], admin, true)
        String value = launched.unseal(launched.result.value.value)

        then:
        launched.result.value.value ==~ /<secret 1 of [0-9a-f]{32}>/
        launched.result.secrets.size() == 1
        authenticates('svc-ci', value)
        !launched.output.contains(value)
        !launched.output.contains(value.substring(2))
        !launched.posted.contains(value.substring(2))
    }

    def 'dropped into init.groovy.d it runs as SYSTEM with parameters left in the shared binding'() {
        when:
        String output = Kit.boot('create-api-token', [user: 'svc-ci', name: 'from-boot'])

        then:
        output.startsWith("Created API token 'from-boot' for user 'svc-ci'")
        tokenNames('svc-ci') == ['from-boot']
    }

    @Unroll
    def 'expires #expires gives an expiry of #expected'() {
        when:
        Kit.Launched launched = Kit.bound('create-api-token', [user: 'svc-ci', name: 'x', expires: expires], admin)

        then:
        launched.result.value.expires == expected
        tokens('svc-ci').tokenStore.tokenListSortedByName[0].expirationDate?.toString() == expected

        where:
        expires      || expected
        ''           || null
        'never'      || null
        '0'          || LocalDate.now().toString()
        '90'         || LocalDate.now().plusDays(90).toString()
        '2099-01-31' || '2099-01-31'
    }

    def 'a dry run checks everything, says what it would do and changes nothing'() {
        when:
        Kit.Launched launched = Kit.bound('create-api-token', [user: 'svc-ci', name: 'deploy', dryRun: 'true'], admin)

        then:
        launched.result.ok
        launched.result.text == "Dry run: would create API token 'deploy' for user 'svc-ci', expiring never. Nothing changed.\n"
        launched.result.value.changed == false
        launched.result.value.wouldChange == true
        tokens('svc-ci').tokenList.empty
        saves['svc-ci'] == 0
    }

    @Unroll
    def 'ifMissing creates the first time and keeps the token after, saying which; a dry run says whether it would change'() {
        when:
        Map first = Kit.bound('create-api-token', [user: 'svc-ci', name: 'deploy', ifMissing: 'true', format: 'json'], admin).result.value
        Map again = Kit.bound('create-api-token', [user: 'svc-ci', name: 'deploy', ifMissing: 'true', format: 'json'], admin).result.value
        String pasted = Kit.paste('create-api-token', [user: 'svc-ci', name: 'deploy', ifMissing: true], admin)
        Map wouldKeep = Kit.bound('create-api-token', [user: 'svc-ci', name: 'deploy', ifMissing: 'true', dryRun: 'true'], admin).result.value
        Map wouldCreate = Kit.bound('create-api-token', [user: 'svc-ci', name: 'other', ifMissing: 'true', dryRun: 'true'], admin).result.value
        Map without = Kit.bound('create-api-token', [user: 'svc-ci', name: 'deploy'], admin).result.value

        then:
        first.action == 'created' && first.changed == true && first.value ==~ /11[0-9a-f]{32}/
        again.action == 'kept' && again.changed == false && again.uuid == first.uuid && again.value == null
        pasted == "User 'svc-ci' already has an API token 'deploy' (uuid ${first.uuid}): kept, nothing created.\n"
        wouldKeep.action == 'kept' && wouldKeep.wouldChange == false && wouldKeep.changed == false
        wouldCreate.action == 'created' && wouldCreate.wouldChange == true && wouldCreate.changed == false
        without.action == 'created' && without.changed == true
        tokenNames('svc-ci') == ['deploy', 'deploy']
    }

    def 'bad input (#why) is one clear line and changes nothing'() {
        when:
        Kit.Launched launched = Kit.bound('create-api-token', parameters, admin)

        then:
        !launched.result.ok
        launched.result.error == error
        launched.result.text == "ERROR: ${error}\n"
        tokens('svc-ci').tokenList.empty
        User.getById('nobody', false) == null
        saves.values().sum(0) == 0

        where:
        why                 | parameters                                                  || error
        'no user'           | [name: 'x']                                                 || 'parameter user is required'
        'unknown user'      | [user: 'nobody', name: 'x']                                 || "no user 'nobody': the kit never creates users; check the id under Manage Jenkins > Users"
        'no name'           | [user: 'svc-ci']                                            || 'parameter name is required'
        'a blank name'      | [user: 'svc-ci', name: '  ']                                || 'parameter name is blank: give a value'
        'expiry in the past'| [user: 'svc-ci', name: 'x', expires: '2001-01-01']          || 'parameter expires is in the past (2001-01-01): the token would be born expired'
        'expiry garbage'    | [user: 'svc-ci', name: 'x', expires: 'soon']                || "parameter expires must be a number of days from 0 to 36500, a date like 2027-01-31, empty or never; not 'soon'"
        'not a boolean'     | [user: 'svc-ci', name: 'x', dryRun: 'maybe']                || "parameter dryRun must be true or false, not 'maybe'"
        'unknown parameter' | [user: 'svc-ci', name: 'x', tokenName: 'y']                 || "unknown parameter 'tokenName'; valid parameters: user, name, expires, ifMissing, allowOnConnectedController, maxLifetimeDays, requireExpiry, dryRun, format"
        'unknown format'    | [user: 'svc-ci', name: 'x', format: 'xml']                  || "parameter format must be one of text, json, not 'xml'"
    }

    def 'pasted with its defaults untouched, it asks for a user and creates nothing'() {
        expect:
        Kit.paste('create-api-token', [:], admin) == 'ERROR: parameter user is required\n'
    }

    def 'from init.groovy.d bad input is a printed error, never a failed boot'() {
        when:
        String output = Kit.boot('create-api-token', [user: 'nobody', name: 'x'])

        then:
        notThrown(Throwable)
        output == "ERROR: no user 'nobody': the kit never creates users; check the id under Manage Jenkins > Users\n"
    }

    def 'format=json prints the result as one JSON object'() {
        when:
        Map printed = new JsonSlurper().parseText(Kit.paste('create-api-token', [user: 'alice', name: 'laptop', format: 'json'], admin))

        then:
        printed.keySet() == ['user', 'name', 'uuid', 'value', 'expires', 'action', 'dryRun', 'changed'] as Set
        authenticates('alice', printed.value)
    }

    def 'on a controller connected to an Operations Center it refuses, naming the Operations Center, unless allowed'() {
        given:
        OperationsCenter.controller(true, true)

        when:
        Kit.Launched refused = Kit.bound('create-api-token', [user: 'svc-ci', name: 'x'], admin)

        then:
        !refused.result.ok
        refused.result.error.startsWith('this controller is connected to an Operations Center')
        refused.result.error.contains('create the token on the Operations Center instead')
        tokens('svc-ci').tokenList.empty

        when:
        Kit.Launched allowed = Kit.bound('create-api-token', [user: 'svc-ci', name: 'x', allowOnConnectedController: 'true'], admin)

        then:
        allowed.result.ok
        tokenNames('svc-ci') == ['x']
    }

    @Unroll
    def 'a CloudBees controller that is not connected (plugin active #active, connected #connected) creates normally'() {
        given:
        OperationsCenter.controller(active, connected)

        expect:
        Kit.bound('create-api-token', [user: 'svc-ci', name: 'x'], admin).result.ok

        where:
        active | connected
        false  | true
        true   | false
    }
}
