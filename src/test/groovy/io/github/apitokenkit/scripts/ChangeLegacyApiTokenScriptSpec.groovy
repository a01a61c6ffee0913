package io.github.apitokenkit.scripts

import hudson.model.User
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.OperationsCenter
import io.github.apitokenkit.support.ScriptSpecification
import jenkins.security.apitoken.ApiTokenPropertyConfiguration

class ChangeLegacyApiTokenScriptSpec extends ScriptSpecification {
    String oldValue

    def setup() {
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = true
        User.getById('old-timer', true).save()
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = false
        oldValue = hudson.Util.getDigestOf(jenkins.security.ApiTokenProperty.API_KEY_SEED.mac('old-timer'))
        saves.clear()
    }

    def 'it replaces the legacy token: the old value stops working, the new one is shown once and works'() {
        when:
        String output = Kit.paste('change-legacy-api-token', [user: 'old-timer'], admin)
        String value = output.find(/New value, shown this once: ([0-9a-f]{32})/) { all, v -> v }

        then:
        output.startsWith("Changed the legacy API token of user 'old-timer' (new uuid ${tokens('old-timer').tokenStore.legacyToken.uuid}).")
        authenticates('old-timer', value)
        !authenticates('old-timer', oldValue)
        saves['old-timer'] == 1
    }

    def 'a dry run changes nothing; without a legacy token it refuses unless creation is enabled'() {
        expect:
        Kit.bound('change-legacy-api-token', [user: 'old-timer', dryRun: 'true'], admin).result.text ==
                "Dry run: would change the legacy API token of user 'old-timer'. Nothing changed.\n"
        authenticates('old-timer', oldValue)
        Kit.bound('change-legacy-api-token', [user: 'alice'], admin).result.error.startsWith("user 'alice' has no legacy token, and creating one is disabled")
        !tokens('alice').hasLegacyToken()

        when:
        ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled = true
        Kit.Launched created = Kit.launch('change-legacy-api-token', [user: 'alice'], admin, true)

        then:
        created.result.value.created
        authenticates('alice', created.unseal(created.result.value.value))
    }

    def 'from init.groovy.d it changes it; on a connected controller it refuses'() {
        expect:
        Kit.boot('change-legacy-api-token', [user: 'old-timer']).startsWith("Changed the legacy API token of user 'old-timer'")
        !authenticates('old-timer', oldValue)

        when:
        OperationsCenter.controller(true, true)

        then:
        Kit.bound('change-legacy-api-token', [user: 'old-timer'], admin).result.error.startsWith('this controller is connected to an Operations Center')
    }
}
