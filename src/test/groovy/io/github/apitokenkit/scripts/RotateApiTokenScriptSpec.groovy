package io.github.apitokenkit.scripts

import hudson.security.ACL
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.OperationsCenter
import io.github.apitokenkit.support.ScriptSpecification

import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.Future
import java.util.concurrent.TimeUnit

class RotateApiTokenScriptSpec extends ScriptSpecification {
    String oldValue
    String oldUuid

    def setup() {
        def created = tokens('svc-ci').generateNewToken('deploy')
        oldValue = created.plainValue
        oldUuid = created.tokenUuid
        tokens('svc-ci').generateNewToken('other')
        saves.clear()
    }

    def 'in the Script Console it replaces the token of that name, old value dead, new value shown once'() {
        when:
        String output = Kit.paste('rotate-api-token', [user: 'svc-ci', name: 'deploy'], admin)
        String value = output.find(/Token value, shown this once: (11[0-9a-f]{32})/) { all, v -> v }

        then:
        output.startsWith("Rotated API token 'deploy' of user 'svc-ci': new uuid ")
        output.contains("revoked 1 previous token (${oldUuid})")
        authenticates('svc-ci', value)
        !authenticates('svc-ci', oldValue)
        tokenNames('svc-ci') == ['deploy', 'other']
        saves['svc-ci'] == 2
    }

    def 'the new token is saved before the old one goes: a restart after rotation keeps only the new one'() {
        when:
        Kit.Launched launched = Kit.launch('rotate-api-token', [user: 'svc-ci', name: 'deploy'], admin, true)
        String value = launched.unseal(launched.result.value.value)
        j.restart()

        then:
        launched.result.value.revoked == [oldUuid]
        authenticates('svc-ci', value)
        !authenticates('svc-ci', oldValue)
        !launched.output.contains(value.substring(2))
    }

    def 'a dry run says what it would do and changes nothing; init.groovy.d rotates from the binding'() {
        when:
        Kit.Launched dry = Kit.bound('rotate-api-token', [user: 'svc-ci', name: 'deploy', dryRun: 'true'], admin)

        then:
        dry.result.text == "Dry run: would create a new API token 'deploy' for user 'svc-ci', expiring never, then revoke 1 previous token. Nothing changed.\n"
        authenticates('svc-ci', oldValue)
        saves.isEmpty()

        when:
        String booted = Kit.boot('rotate-api-token', [user: 'svc-ci', name: 'deploy'])

        then:
        booted.startsWith("Rotated API token 'deploy' of user 'svc-ci'")
        !authenticates('svc-ci', oldValue)
    }

    def 'a name with no token is an error unless createIfMissing'() {
        expect:
        Kit.bound('rotate-api-token', [user: 'svc-ci', name: 'typo'], admin).result.error ==
                "user 'svc-ci' has no token named 'typo' to rotate (set createIfMissing=true to create it)"
        tokenNames('svc-ci') == ['deploy', 'other']
        Kit.bound('rotate-api-token', [user: 'svc-ci', name: 'typo', createIfMissing: 'true'], admin).result.value.revoked == []
        tokenNames('svc-ci') == ['deploy', 'other', 'typo']
        saves['svc-ci'] == 1
    }

    def 'it refuses on a controller connected to an Operations Center'() {
        given:
        OperationsCenter.controller(true, true)

        expect:
        Kit.bound('rotate-api-token', [user: 'svc-ci', name: 'deploy'], admin).result.error.startsWith('this controller is connected to an Operations Center')
        authenticates('svc-ci', oldValue)
    }

    def '20 concurrent rotations of one user leave exactly one token of that name, and every other token untouched'() {
        given:
        String otherUuid = tokens('svc-ci').tokenList.find { it.name == 'other' }.uuid
        ExecutorService pool = Executors.newFixedThreadPool(20)
        CountDownLatch start = new CountDownLatch(1)

        when:
        List<Future<Kit.Launched>> rotations = (1..20).collect {
            pool.submit({
                start.await()
                Kit.bound('rotate-api-token', [user: 'svc-ci', name: 'deploy'], ACL.SYSTEM2)
            } as Callable<Kit.Launched>)
        }
        start.countDown()
        List<Kit.Launched> results = rotations*.get(60, TimeUnit.SECONDS)

        then:
        results.every { it.result.ok }
        List deploy = tokens('svc-ci').tokenList.findAll { it.name == 'deploy' }
        deploy.size() == 1
        deploy[0].uuid in results*.result*.value*.uuid
        tokens('svc-ci').tokenList.find { it.name == 'other' }.uuid == otherUuid
        results*.result*.value*.revoked.flatten().size() == 20

        cleanup:
        pool.shutdownNow()
    }
}
