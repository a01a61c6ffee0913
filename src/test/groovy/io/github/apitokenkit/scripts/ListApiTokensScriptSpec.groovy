package io.github.apitokenkit.scripts

import groovy.json.JsonSlurper
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import jenkins.security.apitoken.ApiTokenPropertyConfiguration

import java.time.LocalDate

class ListApiTokensScriptSpec extends ScriptSpecification {
    String used

    def setup() {
        used = tokens('alice').generateNewToken('laptop').plainValue
        tokens('alice').generateNewToken('ci', LocalDate.now().minusDays(1))
        tokens('svc-ci').generateNewToken('deploy', LocalDate.now().plusDays(3))
        tokens('alice').matchesPassword(used)
        tokens('alice').matchesPassword(used)
        saves.clear()
    }

    def 'in the Script Console it lists every user\'s tokens with last use, count and expiry, and changes nothing'() {
        when:
        String output = Kit.paste('list-api-tokens', [:], admin)

        then:
        output.readLines()[0] == 'alice'
        output =~ /(?m)^  laptop  [0-9a-f-]{36}  created \d{4}-\d\d-\d\d  last used \d{4}-\d\d-\d\d \(2 uses\)  expires never$/
        output =~ /(?m)^  ci      [0-9a-f-]{36}  created .*  never used  expires ${LocalDate.now().minusDays(1)}  EXPIRED$/
        output =~ /(?m)^svc-ci\n  deploy  .*  expires ${LocalDate.now().plusDays(3)}  expires soon$/
        output.endsWith('3 tokens of 2 users.\n')
        saves.isEmpty()
    }

    def 'through the launcher, json rows carry every column'() {
        when:
        Kit.Launched launched = Kit.launch('list-api-tokens', [user: 'alice'], admin)
        Map laptop = launched.result.value.tokens.find { it.name == 'laptop' }

        then:
        launched.result.ok
        launched.result.value.statisticsEnabled == true
        launched.result.value.tokens*.name == ['ci', 'laptop']
        laptop.keySet() == ['user', 'name', 'uuid', 'created', 'lastUsed', 'useCount', 'legacy', 'expires', 'expired', 'aboutToExpire'] as Set
        laptop.useCount == 2
        laptop.legacy == false
        laptop.expires == null
        launched.result.value.tokens.find { it.name == 'ci' }.expired == true
    }

    def 'filters: expired only, legacy only, unused for N days'() {
        given:
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = true
        hudson.model.User.getById('legacy-user', true).save()

        expect:
        names([expiredOnly: 'true']) == ['ci']
        names([legacyOnly: 'true']) == ['Legacy Token']
        names([unusedForDays: '1']) == ['Legacy Token']
        names([:]).size() == 4
    }

    def 'csv has a header, quotes what needs quoting, and defuses spreadsheet formulas'() {
        given:
        tokens('svc-ci').generateNewToken('=HYPERLINK("x"),1')

        when:
        List<String> lines = Kit.paste('list-api-tokens', [user: 'svc-ci', format: 'csv'], admin).readLines()

        then:
        lines[0] == 'user,name,uuid,created,lastUsed,useCount,legacy,expires,expired,aboutToExpire'
        lines.any { it.startsWith('svc-ci,"\'=HYPERLINK(""x""),1",') }
        lines.size() == 3
    }

    def 'with usage statistics disabled it says last use is unknown, and refuses the unused filter'() {
        given:
        ApiTokenPropertyConfiguration.get().usageStatisticsEnabled = false

        when:
        String output = Kit.paste('list-api-tokens', [user: 'alice'], admin)
        Kit.Launched filtered = Kit.bound('list-api-tokens', [unusedForDays: '30'], admin)

        then:
        output.startsWith('Usage statistics are disabled')
        output.contains('last use unknown')
        !filtered.result.ok
        filtered.result.error.startsWith('usage statistics are disabled')
    }

    def 'from init.groovy.d it prints the listing to the log'() {
        expect:
        Kit.boot('list-api-tokens', [user: 'svc-ci']).startsWith('svc-ci\n  deploy')
    }

    def 'bad input is one line: an unknown user, a negative filter, an unknown format'() {
        expect:
        Kit.bound('list-api-tokens', [user: 'nobody'], admin).result.error.startsWith("no user 'nobody'")
        Kit.bound('list-api-tokens', [unusedForDays: '-1'], admin).result.error == 'parameter unusedForDays must be 0 (no filter) or more'
        Kit.bound('list-api-tokens', [unusedForDays: 'ten'], admin).result.error == "parameter unusedForDays must be a whole number, not 'ten'"
        Kit.bound('list-api-tokens', [format: 'yaml'], admin).result.error == "parameter format must be one of text, json, csv, not 'yaml'"
    }

    private List<String> names(Map parameters) {
        Kit.bound('list-api-tokens', parameters + [format: 'json'], admin).result.value.tokens*.name.sort()
    }
}
