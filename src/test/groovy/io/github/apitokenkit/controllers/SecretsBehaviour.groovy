package io.github.apitokenkit.controllers

import groovy.json.JsonSlurper
import io.github.apitokenkit.launcher.RemoteScript
import io.github.apitokenkit.support.Controller
import io.github.apitokenkit.support.ControllerSpecification
import io.github.apitokenkit.support.RealJenkins
import io.github.apitokenkit.support.SandboxController

/**
 * What the controller itself sees of a secret: a known value travels in the second form field, never in a script
 * (a ScriptListener registered at boot records every script, binding and output), a leaked one as its SHA-256 only;
 * and every change is one line on the audit logger, written to a file by the README's logging configuration.
 */
abstract class SecretsBehaviour extends ControllerSpecification {
    static final String README_LOGGING = '/var/log/jenkins/api-token-audit.%g.log'

    /**
     * Every record the listener made, and the payload of each text the launcher posted decoded (its script and
     * parameters travel base64-encoded): where a value would be if it had reached Jenkins with the script.
     */
    String seen() {
        String records = new File(controller.home, 'scripts-seen.txt').getText('UTF-8')
        records + records.split('\n<end>\n').findAll { it.contains('apiTokenKitLaunch') }.collect { RemoteScript.payload(it) }.join('\n')
    }

    File auditLog() {
        new File(controller.home, 'api-token-audit.0.log')
    }

    @Override
    List<String> prepareHome(File home) {
        File hooks = new File(home, 'init.groovy.d')
        hooks.mkdirs()
        new File(hooks, '10-record-scripts.groovy').text = SecretsBehaviour.getResource('10-record-scripts.groovy').getText('UTF-8')
        String readme = new File('README.md').getText('UTF-8')
        String configuration = readme.find(/(?s)`-Djava\.util\.logging\.config\.file=[^`]+` holding:\s+```\n(.*?)\s+```/) { all, text -> text }
        assert configuration?.contains(README_LOGGING): "the README's logging configuration for the audit trail is not where this spec reads it"
        File properties = new File(home, 'logging.properties')
        properties.text = configuration.readLines()*.trim().join('\n').replace(README_LOGGING, new File(home, 'api-token-audit.%g.log').path) + '\n'
        ["-Djava.util.logging.config.file=${properties.path}".toString()]
    }

    File valueFile(String value) {
        File file = folder.newFile()
        file.text = value + '\n'
        file
    }

    def 'a seeded value travels only in the second form field: no script, binding or output Jenkins saw holds it, and it works'() {
        given:
        String user = newUser()
        String value = '11' + UUID.randomUUID().toString().replace('-', '')

        when:
        int exit = launch(['--param-file', "value=${valueFile(value)}".toString(), 'seed-api-token', "user=${user}".toString(), 'name=seeded'])

        then:
        exit == 0
        controller.authenticates(user, value)
        seen().contains('"name":"seed_api_token.groovy"')
        !seen().contains(value.substring(2))
    }

    def 'a leaked value is found and revoked by its SHA-256 alone: the value never reaches Jenkins, and stops working'() {
        given:
        String user = newUser()
        File file = new File(folder.root, 'leaked.token')
        launch(['--output', file.path, 'create-api-token', "user=${user}".toString(), 'name=leaked'])
        String value = file.text.trim()
        assert controller.authenticates(user, value)

        when:
        int exit = launch(['--param-file', "value=${file.path}".toString(), 'revoke-leaked-api-token', 'dryRun=false'])

        then:
        exit == 0
        stdout().contains("Revoked 'leaked'")
        !controller.authenticates(user, value)
        seen().contains('"name":"revoke_leaked_api_token.groovy"')
        !seen().contains(value.substring(2))
    }

    def 'every change is one JSON line on io.github.apitokenkit.audit, in the file the README\'s configuration names, never a value'() {
        given:
        String user = newUser()
        File file = new File(folder.root, 'audited.token')

        when:
        launch(['--output', file.path, 'create-api-token', "user=${user}".toString(), 'name=audited'])
        launch(['revoke-api-tokens', "user=${user}".toString(), 'name=audited', 'dryRun=false'])
        List<Map> records = auditLog().readLines().findAll { it.contains(user) }
                .collect { new JsonSlurper().parseText(it.substring(it.indexOf('{'))) as Map }

        then:
        records*.action == ['create', 'revoke']
        records.every { it.by == 'admin' && it.user == user && it.name == 'audited' && it.dryRun == false }
        !auditLog().text.contains(file.text.trim().substring(2))
    }
}

class SecretsOnSandboxSpec extends SecretsBehaviour {
    Controller startController(Closure<List<String>> prepare) { SandboxController.start(prepare) }
}

class SecretsOnRealJenkinsIT extends SecretsBehaviour {
    Controller startController(Closure<List<String>> prepare) { RealJenkins.start(prepare) }
}
