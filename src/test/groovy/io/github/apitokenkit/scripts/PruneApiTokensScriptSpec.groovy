package io.github.apitokenkit.scripts

import hudson.model.User
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import io.github.apitokenkit.support.TokenAges
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import spock.lang.Unroll

import java.time.LocalDate

class PruneApiTokensScriptSpec extends ScriptSpecification {
    Map<String, String> uuids = [:]

    def setup() {
        uuids.fresh = tokens('alice').generateNewToken('fresh').tokenUuid
        uuids.idle = tokens('alice').generateNewToken('idle').tokenUuid
        uuids.dusty = tokens('alice').generateNewToken('dusty').tokenUuid
        uuids.expired = tokens('svc-ci').generateNewToken('expired', LocalDate.now().minusDays(2)).tokenUuid
        uuids.busy = tokens('svc-ci').generateNewToken('busy').tokenUuid
        TokenAges.created(tokens('alice'), uuids.idle, 200)
        TokenAges.lastUsed(tokens('alice'), uuids.idle, 120)
        TokenAges.created(tokens('alice'), uuids.dusty, 100)
        TokenAges.created(tokens('svc-ci'), uuids.busy, 300)
        TokenAges.lastUsed(tokens('svc-ci'), uuids.busy, 1)
        saves.clear()
    }

    @Unroll
    def 'criterion #criterion revokes #gone, saving each changed user once'() {
        when:
        Kit.Launched launched = Kit.bound('prune-api-tokens', criteria + [allUsers: 'true', dryRun: 'false'], admin)

        then:
        launched.result.ok
        launched.result.value.revoked*.name.sort() == gone
        (['alice', 'svc-ci'].collectMany { tokenNames(it) }).sort() == (['busy', 'dusty', 'expired', 'fresh', 'idle'] - gone).sort()
        saves == changedUsers.collectEntries { [(it): 1] }

        where:
        criterion                    | criteria                                          || gone                   | changedUsers
        'expired'                    | [expired: 'true']                                 || ['expired']            | ['svc-ci']
        'unused for 90 days'         | [unusedForDays: '90']                             || ['dusty', 'idle']      | ['alice']
        'never used, 30 days old'    | [neverUsedOlderThanDays: '30']                    || ['dusty']              | ['alice']
        'any of them'                | [expired: 'true', unusedForDays: '110']           || ['expired', 'idle']    | ['alice', 'svc-ci']
    }

    def 'by default it is a dry run that gives the reason for each token, and a second real run finds nothing'() {
        when:
        String dry = Kit.paste('prune-api-tokens', [allUsers: true, unusedForDays: 90], admin)

        then:
        dry.contains("Would revoke 'idle' (uuid ${uuids.idle}) of 'alice': unused for 120 days.")
        dry.contains("Would revoke 'dusty' (uuid ${uuids.dusty}) of 'alice': never used in 100 days.")
        dry.endsWith('Dry run: nothing changed. Run with dryRun=false to revoke 2 tokens.\n')
        saves.isEmpty()

        when:
        Kit.boot('prune-api-tokens', [allUsers: true, unusedForDays: 90, dryRun: false])
        saves.clear()
        String again = Kit.boot('prune-api-tokens', [allUsers: true, unusedForDays: 90, dryRun: false])

        then:
        again == 'No token meets the criteria: nothing to revoke.\n'
        saves.isEmpty()
    }

    def 'it refuses the usage criteria while usage statistics are disabled, but still prunes expired tokens'() {
        given:
        ApiTokenPropertyConfiguration.get().usageStatisticsEnabled = false

        expect:
        Kit.bound('prune-api-tokens', [allUsers: 'true', unusedForDays: '90', dryRun: 'false'], admin).result.error.startsWith('usage statistics are disabled')
        Kit.bound('prune-api-tokens', [allUsers: 'true', neverUsedOlderThanDays: '9', dryRun: 'false'], admin).result.error.startsWith('usage statistics are disabled')
        tokenNames('alice') == ['dusty', 'fresh', 'idle']
        Kit.bound('prune-api-tokens', [allUsers: 'true', expired: 'true', dryRun: 'false'], admin).result.value.revoked*.name == ['expired']
    }

    def 'a migrated legacy token, whose age is unknown, is never pruned by age'() {
        given:
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = true
        User.getById('old-timer', true).save()

        expect:
        tokens('old-timer').tokenList[0].creationDate == null
        !(Kit.bound('prune-api-tokens', [allUsers: 'true', unusedForDays: '1', dryRun: 'false'], admin).result.value.revoked*.user.contains('old-timer'))
        tokens('old-timer').hasLegacyToken()
    }

    @Unroll
    def 'bad input (#why) is one line and changes nothing'() {
        when:
        Kit.Launched launched = Kit.bound('prune-api-tokens', parameters + [dryRun: 'false'], admin)

        then:
        launched.result.error == error
        saves.isEmpty()

        where:
        why             | parameters                      || error
        'no criterion'  | [:]                             || 'choose at least one criterion: expired=true, unusedForDays, neverUsedOlderThanDays or graceOver=true'
        'negative days' | [unusedForDays: '-5']           || 'unusedForDays and neverUsedOlderThanDays must be 0 (off) or more'
        'unknown user'  | [user: 'ghost', expired: 'true']|| "no user 'ghost': the kit never creates users; check the id under Manage Jenkins > Users"
    }
}
