package io.github.apitokenkit.controllers

import io.github.apitokenkit.support.Controller
import io.github.apitokenkit.support.ControllerSpecification
import io.github.apitokenkit.support.InProcessStandIn
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.RealJenkins
import spock.lang.Unroll

/**
 * Every script the Script Console way: the file's text with the values of its defaults map edited, posted raw to
 * /scriptText as an administrator, printing for a person; a value it creates is printed once and works there.
 */
abstract class ConsoleBehaviour extends ControllerSpecification {
    void controllerStarted() {
        controller.script('jenkins.security.apitoken.ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled = true')
    }

    @Unroll
    def '#script pasted with its defaults edited does its work'() {
        given:
        String user = newUser('pasted', ['laptop', 'old'])
        Map edits = parameters.collectEntries { name, value -> [(name): value instanceof String ? value.replace('USER', user) : value] }

        when:
        String output = controller.script(Kit.edited(script, edits))

        then:
        output.replace(user, 'USER') =~ (controller.atLeast('2.548') ? expected : before2548 ?: expected)
        !output.contains('Exception')

        where:
        script                     | parameters                                               || expected | before2548
        'audit-legacy-api-tokens'  | [user: 'USER']                                           || /No user has a legacy token/ | null
        'create-api-token'         | [user: 'USER', name: 'ci']                               || /Created API token 'ci' for user 'USER'/ | null
        'list-api-tokens'          | [user: 'USER']                                           || /(?m)^  laptop / | null
        'audit-api-tokens'         | [user: 'USER']                                           || /Findings: no-expiry 2 / | /Findings: expiry-unavailable 1 /
        'revoke-api-tokens'        | [user: 'USER', name: 'old']                              || /Dry run: nothing changed/ | null
        'rotate-api-token'         | [user: 'USER', name: 'laptop']                           || /Rotated API token 'laptop' of user 'USER'/ | null
        'seed-api-token'           | [user: 'USER', name: 's', value: '11' + 'b' * 32]        || /Added API token 's' of user 'USER'/ | null
        'prune-api-tokens'         | [user: 'USER', neverUsedOlderThanDays: 1]                || /No token meets the criteria/ | null
        'show-legacy-api-token'    | [user: 'USER', asSystem: true]                           || /User 'USER' has no legacy API token/ | null
        'change-legacy-api-token'  | [user: 'USER']                                           || /Created the legacy API token of user 'USER'/ | null
        'revoke-leaked-api-token'  | [value: '11' + 'f' * 32]                                 || /No token of any user has this value/ | null
        'revoke-legacy-api-tokens' | [user: 'USER']                                           || /No legacy token to revoke/ | null
        'set-api-token-settings'   | [:]                                                      || /usageStatistics\s+(true|false)/ | null
    }

    def 'a value created in the console is printed once there, and works'() {
        given:
        String user = newUser('pasted')

        when:
        String output = controller.script(Kit.edited('create-api-token', [user: user, name: 'console']))
        String value = output.find(/11[0-9a-f]{32}/)

        then:
        output.count(value) == 1
        controller.authenticates(user, value)
    }

    def 'a refusal is one line, and nothing changed'() {
        given:
        String user = newUser('pasted')

        when:
        String output = controller.script(Kit.edited('create-api-token', [user: user, name: 'x', expires: '-3']))

        then:
        output.readLines().size() == 1
        output.startsWith('ERROR: ')
        controller.tokens(user).empty
    }
}

class ConsoleOnStandInSpec extends ConsoleBehaviour {
    Controller startController(Closure<List<String>> prepare) { InProcessStandIn.start(prepare) }
}

class ConsoleOnRealJenkinsIT extends ConsoleBehaviour {
    Controller startController(Closure<List<String>> prepare) { RealJenkins.start(prepare) }
}
