package io.github.apitokenkit.scripts

import hudson.model.User
import io.github.apitokenkit.launcher.RemoteScript
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import spock.lang.Unroll

import java.security.MessageDigest
import java.time.LocalDate

/**
 * A leaked value among many users' tokens: found on its owner, described, revoked (dry run first), and never shown;
 * by its SHA-256 exactly as when the value is given.
 */
class RevokeLeakedApiTokenScriptSpec extends ScriptSpecification {
    static final List<String> USERS = (1..12).collect { "user-${it}".toString() }
    String leaked
    String leakedUuid

    def setup() {
        USERS.each { String id ->
            User.getById(id, true).save()
            ['laptop', 'ci', 'deploy'].each { tokens(id).generateNewToken(it) }
        }
        def made = tokens('user-7').generateNewToken('deploy')
        leaked = made.plainValue
        leakedUuid = made.tokenUuid
        tokens('user-7').matchesPassword(leaked)
        tokens('user-7').matchesPassword(leaked)
        saves.clear()
    }

    static String sha256(String text) {
        MessageDigest.getInstance('SHA-256').digest(text.getBytes('US-ASCII')).encodeHex().toString()
    }

    int tokenCount() {
        User.getAll().sum { tokens(it.id)?.tokenList?.size() ?: 0 } as int
    }

    def 'pasted, it names the owner, the token and its use, changes nothing by default, and never shows the value'() {
        given:
        int before = tokenCount()

        when:
        String output = Kit.paste('revoke-leaked-api-token', [value: leaked], admin)

        then:
        output ==~ /(?s)Would revoke 'deploy' \(uuid ${leakedUuid}\) of 'user-7': created \d{4}-\d\d-\d\dT[^,]+, last used \d{4}-[^ ]+ \(2 uses\), expires never\.\n/ +
                /Dry run: nothing changed\. Run with dryRun=false to revoke 1 token\.\n/
        !output.contains(leaked) && !output.contains(leaked.substring(2))
        tokenCount() == before
        saves.isEmpty()
    }

    def 'with dryRun=false it revokes that token alone, saving its owner once; a second run finds nothing, saying what that means'() {
        given:
        int before = tokenCount()

        when:
        Kit.Launched first = Kit.bound('revoke-leaked-api-token', [value: leaked, dryRun: 'false'], admin)
        String second = Kit.paste('revoke-leaked-api-token', [value: leaked, dryRun: false], admin)

        then:
        first.result.value.changed
        first.result.value.revoked*.subMap(['user', 'name', 'uuid', 'legacy', 'useCount']) == [[user: 'user-7', name: 'deploy', uuid: leakedUuid, legacy: false, useCount: 2]]
        tokenCount() == before - 1
        tokenNames('user-7') == ['ci', 'deploy', 'laptop']
        !authenticates('user-7', leaked)
        saves == ['user-7': 1]
        second == 'No token of any user has this value, or it has expired (core keeps only a hash of each token and never matches an expired ' +
                'one, which cannot authenticate either): nothing to revoke.\n'
    }

    def 'through the launcher the value never travels: the posted text holds its SHA-256, and finds the same token'() {
        when:
        Kit.Launched launched = Kit.launch('revoke-leaked-api-token', [value: leaked], admin)
        Map sent = new groovy.json.JsonSlurper().parseText(RemoteScript.payload(launched.posted)).parameters as Map

        then:
        sent == [valueSha256: sha256(leaked.substring(2))]
        !launched.posted.contains(leaked.substring(2))
        !RemoteScript.payload(launched.posted).contains(leaked.substring(2))
        launched.result.value.revoked*.uuid == [leakedUuid]
        !launched.output.contains(leaked.substring(2))
    }

    def 'a legacy token is found by its 32-character value, and a new token by its secret without the version'() {
        given:
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = true
        User.getById('old-timer', true).save()
        String legacy = hudson.Util.getDigestOf(ApiTokenProperty.API_KEY_SEED.mac('old-timer'))

        expect:
        legacy.length() == 32
        Kit.bound('revoke-leaked-api-token', [value: legacy], admin).result.value.revoked*.subMap(['user', 'legacy']) == [[user: 'old-timer', legacy: true]]
        Kit.bound('revoke-leaked-api-token', [value: leaked.substring(2)], admin).result.value.revoked*.uuid == [leakedUuid]
    }

    def 'an expired token is not found, as core would not match it; the same value seeded for two users is found on both'() {
        given:
        String value = '11' + 'c' * 32
        tokens('user-1').tokenStore.addFixedNewToken('shared', value, null)
        tokens('user-2').tokenStore.addFixedNewToken('shared', value, null)
        tokens('user-4').tokenStore.addFixedNewToken('gone', '11' + 'd' * 32, LocalDate.now().minusDays(1))

        expect:
        Kit.bound('revoke-leaked-api-token', [value: value], admin).result.value.revoked*.user.sort() == ['user-1', 'user-2']
        Kit.bound('revoke-leaked-api-token', [value: '11' + 'd' * 32], admin).result.value.revoked == []
    }

    def 'from init.groovy.d it takes the value from the binding, revokes with dryRun=false, and logs no value'() {
        when:
        String output = Kit.boot('revoke-leaked-api-token', [value: leaked, dryRun: false])

        then:
        output =~ /^Revoked 'deploy' \(uuid ${leakedUuid}\) of 'user-7': /
        output.endsWith('1 token revoked.\n')
        !output.contains(leaked.substring(2))
        !authenticates('user-7', leaked)
    }

    @Unroll
    def 'bad input (#why) is one line that never shows the value, and changes nothing'() {
        given:
        int before = tokenCount()

        when:
        String output = Kit.paste('revoke-leaked-api-token', parameters(this) + [dryRun: false], admin)

        then:
        output == 'ERROR: ' + error + '\n'
        !output.contains(leaked.substring(2))
        tokenCount() == before
        saves.isEmpty()

        where:
        why                  | parameters                                                  || error
        'neither'            | { s -> [:] }                                                || 'give exactly one of value and valueSha256 (the launcher turns value into valueSha256 itself)'
        'both'               | { s -> [value: s.leaked, valueSha256: 'a' * 64] }           || 'give exactly one of value and valueSha256 (the launcher turns value into valueSha256 itself)'
        'a blank inside'     | { s -> [value: s.leaked.substring(0, 10) + ' ' + s.leaked.substring(10)] } || 'parameter value must be the token as found, printable ASCII without blanks; the value is not shown'
        'a short hash'       | { s -> [valueSha256: 'ab' * 31] }                           || 'parameter valueSha256 must be 64 hex characters: SHA-256 of the value as core hashes it'
        'a hash with a g'    | { s -> [valueSha256: 'g' * 64] }                            || 'parameter valueSha256 must be 64 hex characters: SHA-256 of the value as core hashes it'
    }

    def 'the launcher refuses value with valueSha256, and an unprintable value, without sending or showing it'() {
        when:
        RemoteScript.build('revoke-leaked-api-token', Kit.source('revoke-leaked-api-token'), parameters, 'n' * 32, null)

        then:
        IllegalArgumentException refused = thrown()
        refused.message == error
        !refused.message.contains('1234567890')

        where:
        parameters                                            || error
        [value: '111234567890' + 'a' * 22, valueSha256: 'ab' * 32] || 'give value or valueSha256, not both'
        [value: '111234567890 ' + 'a' * 21]                   || 'parameter value must be the token as found, printable ASCII without blanks; the value is not shown'
    }

    def 'the launcher hashes as the runtime does: a new token, its bare secret, a legacy value, another length'() {
        given:
        GroovyClassLoader loader = new GroovyClassLoader(getClass().classLoader)
        loader.parseClass(new File('scripts/lib/runtime.groovy'))
        Class runtime = loader.loadClass('ApiTokenKit')

        expect:
        [leaked, leaked.substring(2), 'f' * 32, 'x' * 40, '11' + 'Ab' * 16].every { String value ->
            RemoteScript.valueSha256(value) == runtime.valueHash(value).encodeHex().toString()
        }
        RemoteScript.valueSha256(leaked) == sha256(leaked.substring(2))
        RemoteScript.valueSha256('f' * 32) == sha256('f' * 32)
    }
}
