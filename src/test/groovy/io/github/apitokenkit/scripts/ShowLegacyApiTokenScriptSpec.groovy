package io.github.apitokenkit.scripts

import hudson.model.User
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import jenkins.security.apitoken.ApiTokenPropertyConfiguration

class ShowLegacyApiTokenScriptSpec extends ScriptSpecification {
    String legacyValue

    def setup() {
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = true
        User.getById('old-timer', true).save()
        legacyValue = hudson.Util.getDigestOf(jenkins.security.ApiTokenProperty.API_KEY_SEED.mac('old-timer'))
        saves.clear()
    }

    def 'an administrator sees another user\'s legacy token only with asSystem=true, which the output says'() {
        when:
        Kit.Launched refused = Kit.bound('show-legacy-api-token', [user: 'old-timer'], admin)
        String shown = Kit.paste('show-legacy-api-token', [user: 'old-timer', asSystem: true], admin)

        then:
        refused.result.error == "Jenkins shows the legacy token of 'old-timer' only to that user and to SYSTEM; you are 'admin': set asSystem=true to read it as SYSTEM"
        shown == "Legacy API token of user 'old-timer' (read as SYSTEM), shown this once: ${legacyValue}\n"
        authenticates('old-timer', legacyValue)
        saves.isEmpty()
    }

    def 'the owner sees his own, and init.groovy.d (SYSTEM) sees anyone\'s; the launcher gets it sealed'() {
        when:
        String own = Kit.paste('show-legacy-api-token', [user: 'old-timer'], User.getById('old-timer', false).impersonate2())
        Kit.Launched sealed = Kit.launch('show-legacy-api-token', [user: 'old-timer', asSystem: 'true'], admin, true)

        then:
        own.endsWith("shown this once: ${legacyValue}\n")
        Kit.boot('show-legacy-api-token', [user: 'old-timer']).endsWith("(read as SYSTEM), shown this once: ${legacyValue}\n")
        sealed.unseal(sealed.result.value.value) == legacyValue
        !sealed.output.contains(legacyValue)
    }

    def 'a user without a legacy token is said to have none'() {
        expect:
        Kit.paste('show-legacy-api-token', [user: 'alice', asSystem: true], admin) == "User 'alice' has no legacy API token.\n"
    }
}
