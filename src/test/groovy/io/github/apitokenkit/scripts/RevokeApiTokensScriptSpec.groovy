package io.github.apitokenkit.scripts

import hudson.model.User
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import spock.lang.Unroll

class RevokeApiTokensScriptSpec extends ScriptSpecification {
    String laptop
    String keep

    def setup() {
        laptop = tokens('alice').generateNewToken('laptop').tokenUuid
        keep = tokens('alice').generateNewToken('ci').tokenUuid
        tokens('alice').generateNewToken('old')
        tokens('svc-ci').generateNewToken('old')
        saves.clear()
    }

    def 'by default it is a dry run: it says what it would revoke and changes nothing'() {
        when:
        String output = Kit.paste('revoke-api-tokens', [user: 'alice', name: 'laptop'], admin)

        then:
        output == "Would revoke 'laptop' (uuid ${laptop}) of 'alice'.\nDry run: nothing changed. Run with dryRun=false to revoke 1 token.\n"
        tokenNames('alice') == ['ci', 'laptop', 'old']
        saves.isEmpty()
    }

    @Unroll
    def 'revoking by #selector removes exactly #left and saves alice once'() {
        when:
        Kit.Launched launched = Kit.bound('revoke-api-tokens', [user: 'alice', dryRun: 'false'] + parameters(this), admin)

        then:
        launched.result.ok
        launched.result.value.changed
        tokenNames('alice') == left
        saves == [alice: 1]

        where:
        selector    | parameters                   || left
        'uuid'      | { s -> [uuid: s.laptop] }    || ['ci', 'old']
        'name'      | { s -> [name: 'old'] }       || ['ci', 'laptop']
        'all'       | { s -> [all: 'true'] }       || []
        'allExcept' | { s -> [allExcept: s.keep] } || ['ci']
    }

    def 'allUsers with a name revokes that name everywhere, saving each changed user once and no other'() {
        when:
        Kit.Launched launched = Kit.bound('revoke-api-tokens', [allUsers: 'true', name: 'old', dryRun: 'false'], admin)

        then:
        launched.result.value.revoked*.user.sort() == ['alice', 'svc-ci']
        tokenNames('alice') == ['ci', 'laptop']
        tokenNames('svc-ci') == []
        saves == [alice: 1, 'svc-ci': 1]
    }

    def 'over many users it saves each changed user exactly once and no unchanged user'() {
        given:
        List<String> leaking = (1..20).collect { "leaky-${it}".toString() }
        List<String> clean = (1..20).collect { "clean-${it}".toString() }
        (leaking + clean).each { User.getById(it, true).save() }
        leaking.each { id -> (1..2).each { tokens(id).generateNewToken('leaked') }; tokens(id).generateNewToken('kept') }
        clean.each { id -> tokens(id).generateNewToken('kept') }
        saves.clear()

        when:
        Kit.Launched launched = Kit.bound('revoke-api-tokens', [allUsers: 'true', name: 'leaked', dryRun: 'false'], admin)

        then:
        launched.result.value.revoked.size() == 40
        saves == leaking.collectEntries { [(it): 1] }
        (leaking + clean).every { tokenNames(it) == ['kept'] }
    }

    def 'a second run finds nothing to revoke and changes nothing'() {
        given:
        Kit.bound('revoke-api-tokens', [user: 'alice', name: 'old', dryRun: 'false'], admin)
        saves.clear()

        when:
        Kit.Launched again = Kit.bound('revoke-api-tokens', [user: 'alice', name: 'old', dryRun: 'false'], admin)

        then:
        again.result.ok
        again.result.value.changed == false
        again.result.text == 'No token matches: nothing to revoke.\n'
        saves.isEmpty()
    }

    def 'all revokes a legacy token for good: it does not come back after a restart'() {
        given:
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = true
        User.getById('old-timer', true).save()
        assert tokens('old-timer').hasLegacyToken()

        when:
        Kit.bound('revoke-api-tokens', [user: 'old-timer', all: 'true', dryRun: 'false'], admin)
        j.restart()

        then:
        !tokens('old-timer').hasLegacyToken()
        tokens('old-timer').tokenList.empty
    }

    def 'from init.groovy.d it revokes with dryRun=false from the binding'() {
        when:
        String output = Kit.boot('revoke-api-tokens', [user: 'alice', uuid: laptop, dryRun: false])

        then:
        output == "Revoked 'laptop' (uuid ${laptop}) of 'alice'.\n1 token revoked.\n"
        tokenNames('alice') == ['ci', 'old']
    }

    @Unroll
    def 'bad input (#why) is one line and changes nothing'() {
        when:
        Kit.Launched launched = Kit.bound('revoke-api-tokens', parameters + [dryRun: 'false'], admin)

        then:
        !launched.result.ok
        launched.result.error == error
        tokenNames('alice') == ['ci', 'laptop', 'old']
        saves.isEmpty()

        where:
        why                       | parameters                                   || error
        'no selector'             | [user: 'alice']                              || 'choose exactly one of uuid, name, all=true, allExcept (got none)'
        'two selectors'           | [user: 'alice', name: 'old', all: 'true']    || 'choose exactly one of uuid, name, all=true, allExcept (got name, all)'
        'no user'                 | [name: 'old']                                || 'choose either user=ID or allUsers=true'
        'user and allUsers'       | [user: 'alice', allUsers: 'true', name: 'x'] || 'choose either user=ID or allUsers=true'
        'allUsers with a uuid'    | [allUsers: 'true', uuid: 'x']                || 'allUsers=true goes with name or all: a uuid belongs to one user'
        'unknown uuid to keep'    | [user: 'alice', allExcept: 'no-such-uuid']   || "user 'alice' has no token with uuid 'no-such-uuid' to keep; nothing was revoked (use all=true to revoke every token)"
        'a blank name'            | [user: 'alice', name: ' ']                   || 'parameter name is blank: give a value, or leave it empty'
        'a blank uuid'            | [user: 'alice', uuid: '  ']                  || 'parameter uuid is blank: give a value, or leave it empty'
        'a blank uuid to keep'    | [user: 'alice', allExcept: ' ']              || 'parameter allExcept is blank: give a value, or leave it empty'
        'a blank name, all users' | [allUsers: 'true', name: ' ']                || 'parameter name is blank: give a value, or leave it empty'
        'a blank user'            | [user: ' ', name: 'old']                     || 'parameter user is blank: give a value, or leave it empty'
    }

    def 'a blank selector is refused in a dry run over every user too: only all=true selects every token'() {
        when:
        String blank = Kit.paste('revoke-api-tokens', [allUsers: true, name: ' '], admin)
        String all = Kit.paste('revoke-api-tokens', [allUsers: true, all: true], admin)

        then:
        blank == 'ERROR: parameter name is blank: give a value, or leave it empty\n'
        all.contains("Would revoke 'laptop'")
        tokenNames('alice') == ['ci', 'laptop', 'old']
    }
}
