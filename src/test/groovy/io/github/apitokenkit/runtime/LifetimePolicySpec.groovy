package io.github.apitokenkit.runtime

import io.github.apitokenkit.support.RuleCases
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import spock.lang.Unroll

import java.time.LocalDate

/**
 * The lifetime policy (maxLifetimeDays, requireExpiry) in every script that makes a token: a token that breaks it is
 * refused before anything changes, the policy named; one within it is made. Below 2.548 there is no expiry to require.
 */
class LifetimePolicySpec extends ScriptSpecification {
    static final String VALUE = '11' + '4d' * 16

    @Unroll
    def '#script refuses #why, naming the policy, and changes nothing'() {
        when:
        Kit.Launched launched = Kit.bound(script, base + policy, admin)

        then:
        !launched.result.ok
        launched.result.error == error
        tokenNames('alice') == []
        saves.isEmpty()

        where:
        script             | base                                          | policy                                                 | why                         || error
        'create-api-token' | [user: 'alice', name: 'ci']                   | [requireExpiry: 'true']                                | 'a token without expiry'    || 'the lifetime policy (requireExpiry=true) refuses a token that never expires: give expires'
        'create-api-token' | [user: 'alice', name: 'ci', expires: '31']    | [maxLifetimeDays: '30']                                | 'one day too many'          || "the lifetime policy (maxLifetimeDays=30) refuses expires ${LocalDate.now().plusDays(31)}: at most ${LocalDate.now().plusDays(30)}"
        'create-api-token' | [user: 'alice', name: 'ci']                   | [maxLifetimeDays: '30']                                | 'no expiry under a maximum' || 'the lifetime policy (maxLifetimeDays=30) refuses a token that never expires: give expires, at most 30 days from today'
        'create-api-token' | [user: 'alice', name: 'ci', expires: '10']    | [maxLifetimeDays: '-1']                                | 'a negative maximum'        || 'parameter maxLifetimeDays must be 0 (no limit) or more, not -1'
        'rotate-api-token' | [user: 'alice', name: 'ci', createIfMissing: 'true'] | [requireExpiry: 'true', maxLifetimeDays: '90']  | 'a rotation without expiry' || 'the lifetime policy (requireExpiry=true, maxLifetimeDays=90) refuses a token that never expires: give expires, at most 90 days from today'
        'seed-api-token'   | [user: 'alice', name: 's', value: VALUE, expires: '2099-01-01'] | [maxLifetimeDays: '365']             | 'a seed for decades'        || "the lifetime policy (maxLifetimeDays=365) refuses expires 2099-01-01: at most ${LocalDate.now().plusDays(365)}"
    }

    @Unroll
    def '#script makes a token within the policy'() {
        expect:
        Kit.bound(script, parameters + [maxLifetimeDays: '30', requireExpiry: 'true'], admin).result.ok
        tokenNames('alice') == [parameters.name]

        where:
        script             | parameters
        'create-api-token' | [user: 'alice', name: 'ci', expires: '30']
        'rotate-api-token' | [user: 'alice', name: 'ci', expires: LocalDate.now().plusDays(30).toString(), createIfMissing: 'true']
        'seed-api-token'   | [user: 'alice', name: 's', value: VALUE, expires: '1']
    }

    def 'without a policy, a token may never expire'() {
        expect:
        Kit.bound('create-api-token', [user: 'alice', name: 'ci'], admin).result.ok
    }

    @Unroll
    def 'the runtime reads expires=\'#given\' as #meaning, as the launcher\'s self commands do (one table for both)'() {
        when:
        Kit.Launched launched = Kit.bound('create-api-token', [user: 'svc-ci', name: 'x', expires: given, dryRun: true], admin)
        String read = launched.result.ok ? RuleCases.expiryMeaning(launched.result.value.expires ? LocalDate.parse(launched.result.value.expires as String) : null, given)
                : RuleCases.expiryRefusal(launched.result.error)

        then:
        read == meaning
        tokenNames('svc-ci') == []

        where:
        [given, meaning] << RuleCases.expiry()
    }

    @Unroll
    def 'the runtime takes the policy #json as #verdict, as the launcher\'s --policy does (one table for both)'() {
        given: 'the runtime, as the init file holds it, given the value of its "policy" key'
        GroovyClassLoader loader = new GroovyClassLoader(getClass().classLoader)
        loader.parseClass(new File('scripts/lib/runtime.groovy'))
        def kit = loader.loadClass('ApiTokenKit').newInstance(new Binding())
        Object policy = new groovy.json.JsonSlurper().parseText("{\"policy\": ${json}}").policy

        when:
        String read
        try {
            kit.lifetimePolicy(policy)
            read = 'accepted'
        } catch (Exception refused) {
            read = refused.getClass().simpleName == 'ApiTokenKitError' ? 'refused' : refused.toString()
        }

        then:
        read == verdict

        where:
        [json, verdict] << RuleCases.policy()
    }
}
