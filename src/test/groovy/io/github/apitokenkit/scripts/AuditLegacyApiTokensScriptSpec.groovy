package io.github.apitokenkit.scripts

import hudson.model.User
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import jenkins.security.apitoken.ApiTokenPropertyConfiguration

class AuditLegacyApiTokensScriptSpec extends ScriptSpecification {
    def setup() {
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = true
        ['legacy-used', 'legacy-idle'].each { User.getById(it, true).save() }
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = false
        tokens('legacy-used').matchesPassword(hudson.Util.getDigestOf(jenkins.security.ApiTokenProperty.API_KEY_SEED.mac('legacy-used')))
        String fresh = tokens('legacy-idle').generateNewToken('fresh').plainValue
        tokens('legacy-idle').matchesPassword(fresh)
        saves.clear()
    }

    def 'it lists who still has a legacy token, whether it is used, and whether a newer token is'() {
        when:
        String output = Kit.paste('audit-legacy-api-tokens', [:], admin)
        Map result = Kit.bound('audit-legacy-api-tokens', [:], admin).result.value

        then:
        output =~ /(?m)^legacy-idle   legacy token never used; 1 other token, used$/
        output =~ /(?m)^legacy-used   legacy token last used \d{4}-\d\d-\d\d \(1 use\); no other token$/
        output.endsWith('2 users have a legacy token. Revoke them with revoke-legacy-api-tokens.\n')
        result.legacyTokens*.user == ['legacy-idle', 'legacy-used']
        result.legacyTokens.find { it.user == 'legacy-idle' }.otherTokensUsed == true
        saves.isEmpty()
    }

    def 'csv for spreadsheets, and init.groovy.d prints the same report'() {
        expect:
        Kit.paste('audit-legacy-api-tokens', [format: 'csv'], admin).readLines()[0] == 'user,uuid,lastUsed,useCount,otherTokens,otherTokensUsed'
        Kit.boot('audit-legacy-api-tokens', [user: 'legacy-used']).endsWith('1 user has a legacy token. Revoke them with revoke-legacy-api-tokens.\n')
        Kit.paste('audit-legacy-api-tokens', [user: 'alice'], admin) == 'No user has a legacy token.\n'
    }
}
