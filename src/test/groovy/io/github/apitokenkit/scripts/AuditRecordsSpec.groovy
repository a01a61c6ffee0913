package io.github.apitokenkit.scripts

import groovy.json.JsonSlurper
import hudson.model.User
import io.github.apitokenkit.support.CapturedLog
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import spock.lang.Unroll

import java.util.logging.Level

/**
 * Every change a kit script makes, and every change a dry run would make, is one JSON line at INFO on the logger
 * io.github.apitokenkit.audit, with who ran it (the caller, SYSTEM at boot), the action, the user, the token's name,
 * uuid and expiry, and whether it was a dry run; the same records travel in the launcher's envelope. Never a value.
 */
class AuditRecordsSpec extends ScriptSpecification {
    static final String SEEDED = '11' + '3c' * 16
    CapturedLog log
    String laptop

    def setup() {
        laptop = tokens('alice').generateNewToken('laptop').tokenUuid
        log = new CapturedLog('io.github.apitokenkit.audit', Level.INFO)
    }

    def cleanup() {
        log.close()
    }

    void expiredToken() {
        tokens('alice').generateNewToken('old', java.time.LocalDate.now().minusDays(1))
    }

    /** The records logged so far, parsed; each must be one line of JSON. */
    List<Map> records() {
        log.records.collect { record ->
            assert record.level == Level.INFO
            assert !record.message.contains('\n')
            new JsonSlurper().parseText(record.message) as Map
        }
    }

    /** The records without their time, which the spec checks apart. */
    List<Map> withoutTime() {
        records().collect { it.findAll { k, v -> k != 'time' } }
    }

    @Unroll
    def 'a #script run in the console records #actions as the caller, with what it changed and no value'() {
        when:
        String output = Kit.paste(script, parameters(this), admin)
        List<Map> seen = records()

        then:
        !output.startsWith('ERROR')
        seen*.action == actions
        seen.every { it.by == 'admin' && it.dryRun == false && it.time ==~ /\d{4}-\d\d-\d\dT.*Z/ }
        seen.every { it.action == 'settings' || it.user == 'alice' }
        !log.text.contains(SEEDED.substring(2))
        !(log.text =~ /11[0-9a-f]{32}/)

        where:
        script                    | parameters                                                                              || actions
        'create-api-token'        | { s -> [user: 'alice', name: 'ci'] }                                                    || ['create']
        'rotate-api-token'        | { s -> [user: 'alice', name: 'laptop'] }                                                || ['create', 'revoke']
        'seed-api-token'          | { s -> [user: 'alice', name: 'seeded', value: SEEDED] }                                 || ['seed']
        'revoke-api-tokens'       | { s -> [user: 'alice', uuid: s.laptop, dryRun: false] }                                 || ['revoke']
        'prune-api-tokens'        | { s -> s.expiredToken(); [user: 'alice', expired: true, dryRun: false] }                 || ['revoke']
        'revoke-leaked-api-token' | { s -> [value: s.tokens('alice').generateNewToken('leaked').plainValue, dryRun: false] } || ['revoke']
        'set-api-token-settings'  | { s -> [usageStatistics: 'false'] }                                                     || ['settings']
    }

    def 'the records name the token: create and revoke carry user, name, uuid and expiry'() {
        when:
        Kit.Launched rotated = Kit.bound('rotate-api-token', [user: 'alice', name: 'laptop', expires: '2099-01-01'], admin)

        then:
        withoutTime() == [[by: 'admin', action: 'create', dryRun: false, user: 'alice', name: 'laptop', uuid: rotated.result.value.uuid, expires: '2099-01-01'],
                          [by: 'admin', action: 'revoke', dryRun: false, user: 'alice', name: 'laptop', uuid: laptop, expires: null, legacy: false]]
    }

    def 'a dry run records what it would change, marked dryRun, and changes nothing'() {
        when:
        Kit.paste('rotate-api-token', [user: 'alice', name: 'laptop', dryRun: true], admin)
        Kit.paste('revoke-api-tokens', [user: 'alice', uuid: laptop], admin)
        Kit.paste('set-api-token-settings', [usageStatistics: 'false', dryRun: true], admin)

        then:
        withoutTime() == [[by: 'admin', action: 'create', dryRun: true, user: 'alice', name: 'laptop', uuid: null, expires: null],
                          [by: 'admin', action: 'revoke', dryRun: true, user: 'alice', name: 'laptop', uuid: laptop, expires: null, legacy: false],
                          [by: 'admin', action: 'revoke', dryRun: true, user: 'alice', name: 'laptop', uuid: laptop, expires: null, legacy: false],
                          [by: 'admin', action: 'settings', dryRun: true, setting: 'usageStatistics', from: true, to: false]]
        tokenNames('alice') == ['laptop']
        ApiTokenPropertyConfiguration.get().usageStatisticsEnabled
    }

    def 'the legacy token: its change and its revocation are recorded'() {
        given:
        ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled = true

        when:
        Kit.paste('change-legacy-api-token', [user: 'alice'], admin)
        Kit.paste('revoke-legacy-api-tokens', [user: 'alice', dryRun: false], admin)

        then:
        records()*.action == ['change-legacy', 'revoke']
        records()[1].legacy == true
        records()[0].uuid == records()[1].uuid
    }

    def 'through the launcher the records come back in the envelope as they were logged'() {
        when:
        Kit.Launched launched = Kit.launch('create-api-token', [user: 'alice', name: 'ci'], admin, true)

        then:
        launched.result.audit == records()
        launched.result.audit*.action == ['create']
    }

    def 'from init.groovy.d the records say SYSTEM'() {
        when:
        Kit.boot('revoke-api-tokens', [user: 'alice', uuid: laptop, dryRun: false])

        then:
        withoutTime() == [[by: 'SYSTEM', action: 'revoke', dryRun: false, user: 'alice', name: 'laptop', uuid: laptop, expires: null, legacy: false]]
    }

    def 'a refused run records nothing'() {
        when:
        Kit.paste('revoke-api-tokens', [user: 'alice', name: ' ', dryRun: false], admin)

        then:
        records() == []
    }
}
