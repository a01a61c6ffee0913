package io.github.apitokenkit.scripts

import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import jenkins.security.apitoken.ApiTokenPropertyConfiguration

class SetApiTokenSettingsScriptSpec extends ScriptSpecification {
    File file

    def setup() {
        file = new File(j.jenkins.rootDir, 'jenkins.security.apitoken.ApiTokenPropertyConfiguration.xml')
    }

    def 'with no parameter it shows the settings and changes nothing'() {
        expect:
        Kit.paste('set-api-token-settings', [:], admin) ==
                'tokenGenerationOnCreation  false\ncreationOfLegacyToken      false\nusageStatistics            true\nNothing changed.\n'
        !file.exists()
    }

    def 'it changes what is asked, persists it across a restart, and a second run changes nothing'() {
        when:
        Kit.Launched first = Kit.bound('set-api-token-settings', [usageStatistics: 'false', creationOfLegacyToken: 'true'], admin)

        then:
        first.result.value.changedSettings == ['creationOfLegacyToken', 'usageStatistics']
        first.result.value.changed == true
        first.result.text.contains('usageStatistics            false (was true)')

        when:
        j.restart()
        long modified = file.lastModified()
        file.setLastModified(modified - 10000)
        Kit.Launched second = Kit.bound('set-api-token-settings', [usageStatistics: 'false', creationOfLegacyToken: 'true'], admin)

        then:
        !ApiTokenPropertyConfiguration.get().usageStatisticsEnabled
        ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled
        second.result.value.changedSettings == []
        second.result.value.changed == false
        file.lastModified() == modified - 10000
    }

    def 'a dry run says what would change; init.groovy.d applies settings at boot'() {
        expect:
        Kit.bound('set-api-token-settings', [usageStatistics: 'false', dryRun: 'true'], admin).result.text.contains('usageStatistics            true (would become false)')
        ApiTokenPropertyConfiguration.get().usageStatisticsEnabled

        when:
        Kit.boot('set-api-token-settings', [tokenGenerationOnCreation: 'true'])

        then:
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled
    }

    def 'a value other than true, false or empty is refused and nothing changes'() {
        expect:
        Kit.bound('set-api-token-settings', [usageStatistics: 'off', creationOfLegacyToken: 'true'], admin).result.error ==
                "parameter usageStatistics must be true, false or empty, not 'off'"
        !ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled
    }
}
