package io.github.apitokenkit.runtime

import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import spock.lang.Unroll

import java.time.LocalDate

/**
 * Rotation with grace: the previous token keeps working, renamed to say until when and by what it was replaced, until
 * its replacement has been used or the date has passed; then prune-api-tokens graceOver=true retires it. The audit
 * shows it in grace.
 */
class RotationGraceSpec extends ScriptSpecification {
    String old
    String oldUuid

    def setup() {
        def made = tokens('alice').generateNewToken('laptop')
        old = made.plainValue
        oldUuid = made.tokenUuid
        saves.clear()
    }

    Map rotateWithGrace(int days) {
        Kit.Launched launched = Kit.bound('rotate-api-token', [user: 'alice', name: 'laptop', graceDays: String.valueOf(days)], admin)
        assert launched.result.ok: launched.result.error
        return launched.result.value + [plain: launched.result.value.value]
    }

    def 'the previous token stays, renamed in grace, and still works beside the new one; the audit shows it in grace'() {
        when:
        Map rotated = rotateWithGrace(7)

        then:
        tokenNames('alice') == ['laptop', "laptop [in grace until ${LocalDate.now().plusDays(7)}, replaced by ${rotated.uuid}]".toString()]
        authenticates('alice', old)
        authenticates('alice', rotated.plain)
        rotated.inGrace == [oldUuid] && rotated.revoked == [] && rotated.graceUntil == LocalDate.now().plusDays(7).toString()
        Kit.bound('audit-api-tokens', [user: 'alice'], admin).result.value.findings.find { it.kind == 'in-grace' }.subMap(['uuid', 'severity', 'detail']) ==
                [uuid: oldUuid, severity: 'info', detail: "in grace until ${LocalDate.now().plusDays(7)}, replaced by ${rotated.uuid}".toString()]
    }

    def 'prune graceOver=true retires it once the new token has been used, not before'() {
        given:
        Map rotated = rotateWithGrace(7)

        when:
        Kit.Launched early = Kit.bound('prune-api-tokens', [user: 'alice', graceOver: 'true', dryRun: 'false'], admin)

        then:
        early.result.value.revoked == []
        authenticates('alice', old)

        when:
        tokens('alice').matchesPassword(rotated.plain)
        Kit.Launched retired = Kit.bound('prune-api-tokens', [user: 'alice', graceOver: 'true', dryRun: 'false'], admin)

        then:
        retired.result.value.revoked*.subMap(['uuid', 'reason']) == [[uuid: oldUuid, reason: "in grace, and its replacement ${rotated.uuid} has been used".toString()]]
        !authenticates('alice', old)
        tokenNames('alice') == ['laptop']
    }

    def 'prune graceOver=true retires it once its date has passed, even unused and with statistics off'() {
        given:
        Map rotated = rotateWithGrace(1)
        ApiTokenPropertyConfiguration.get().usageStatisticsEnabled = false
        tokens('alice').tokenStore.renameToken(oldUuid, "laptop [in grace until ${LocalDate.now().minusDays(1)}, replaced by ${rotated.uuid}]")

        when:
        String output = Kit.paste('prune-api-tokens', [user: 'alice', graceOver: true, dryRun: false], admin)

        then:
        output.startsWith("Revoked 'laptop [in grace until ${LocalDate.now().minusDays(1)}, replaced by ")
        output.contains("(uuid ${oldUuid}) of 'alice': its grace ended on ${LocalDate.now().minusDays(1)}.\n1 token revoked.")
        !authenticates('alice', old)
        authenticates('alice', rotated.plain)
    }

    def 'a token in grace whose replacement is gone is left for a person, and a name only like the mark is not in grace'() {
        given:
        Map rotated = rotateWithGrace(1)
        tokens('alice').tokenStore.renameToken(oldUuid, "laptop [in grace until ${LocalDate.now().minusDays(1)}, replaced by ${rotated.uuid}]")
        tokens('alice').revokeToken(rotated.uuid)
        tokens('alice').generateNewToken('odd [in grace until 2026-02-30, replaced by 00000000-0000-0000-0000-000000000000]')

        when:
        Kit.Launched pruned = Kit.bound('prune-api-tokens', [user: 'alice', graceOver: 'true', dryRun: 'false'], admin)
        Map audit = Kit.bound('audit-api-tokens', [user: 'alice'], admin).result.value

        then:
        pruned.result.value.revoked == []
        authenticates('alice', old)
        audit.findings.findAll { it.kind == 'in-grace' }*.uuid == [oldUuid]
        audit.findings.find { it.kind == 'in-grace' }.severity == 'warning'
        audit.findings.find { it.kind == 'in-grace' }.detail.endsWith('which no longer exists, and the date has passed: revoke it unless something still needs it')
    }

    def 'a dry run with grace changes nothing and says so'() {
        when:
        String output = Kit.paste('rotate-api-token', [user: 'alice', name: 'laptop', graceDays: 3, dryRun: true], admin)

        then:
        output == "Dry run: would create a new API token 'laptop' for user 'alice', expiring never, then put 1 previous token in grace until " +
                "${LocalDate.now().plusDays(3)}. Nothing changed.\n"
        tokenNames('alice') == ['laptop']
        saves.isEmpty()
    }

    @Unroll
    def 'bad input (#why) is one line and changes nothing'() {
        expect:
        Kit.paste('rotate-api-token', [user: 'alice', name: 'laptop'] + parameters, admin) == 'ERROR: ' + error + '\n'
        tokenNames('alice') == ['laptop']

        where:
        why                          | parameters                                 || error
        'negative days'              | [graceDays: -1]                            || 'parameter graceDays must be from 0 (no grace) to 3650, not -1'
        'grace and keeping together' | [graceDays: 2, revokePrevious: false]      || 'graceDays says what becomes of the previous tokens, and revokePrevious=false keeps them as they are: choose one'
    }
}
