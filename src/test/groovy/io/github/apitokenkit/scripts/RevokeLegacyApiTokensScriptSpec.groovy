package io.github.apitokenkit.scripts

import hudson.model.User
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import jenkins.security.apitoken.ApiTokenPropertyConfiguration

class RevokeLegacyApiTokensScriptSpec extends ScriptSpecification {
    def setup() {
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = true
        ['legacy-used', 'legacy-idle'].each { User.getById(it, true).save() }
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = false
        tokens('legacy-used').matchesPassword(hudson.Util.getDigestOf(jenkins.security.ApiTokenProperty.API_KEY_SEED.mac('legacy-used')))
        tokens('legacy-idle').generateNewToken('fresh')
        saves.clear()
    }

    def 'by default a dry run; for real it removes each legacy token for good, and keeps the other tokens'() {
        when:
        String dry = Kit.paste('revoke-legacy-api-tokens', [allUsers: true], admin)

        then:
        dry.endsWith('Dry run: nothing changed. Run with dryRun=false to revoke 2 legacy tokens.\n')
        tokens('legacy-used').hasLegacyToken()

        when:
        Kit.Launched real = Kit.bound('revoke-legacy-api-tokens', [allUsers: 'true', dryRun: 'false'], admin)
        j.restart()

        then:
        real.result.value.revoked*.user == ['legacy-idle', 'legacy-used']
        saves == ['legacy-idle': 1, 'legacy-used': 1]
        !tokens('legacy-used').hasLegacyToken()
        tokens('legacy-used').tokenList.empty
        tokenNames('legacy-idle') == ['fresh']
    }

    def 'unusedOnly spares used ones; a second run finds nothing'() {
        when:
        Kit.boot('revoke-legacy-api-tokens', [allUsers: true, unusedOnly: true, dryRun: false])

        then:
        !tokens('legacy-idle').hasLegacyToken()
        tokens('legacy-used').hasLegacyToken()

        when:
        saves.clear()
        Kit.Launched again = Kit.bound('revoke-legacy-api-tokens', [allUsers: 'true', unusedOnly: 'true', dryRun: 'false'], admin)

        then:
        again.result.text == 'No legacy token to revoke.\n'
        saves.isEmpty()
    }

    def 'unusedOnly is refused while usage statistics are disabled'() {
        given:
        ApiTokenPropertyConfiguration.get().usageStatisticsEnabled = false

        expect:
        Kit.bound('revoke-legacy-api-tokens', [allUsers: 'true', unusedOnly: 'true', dryRun: 'false'], admin).result.error ==
                'usage statistics are disabled, so every token looks unused: refusing unusedOnly=true'
        tokens('legacy-idle').hasLegacyToken()
    }
}
