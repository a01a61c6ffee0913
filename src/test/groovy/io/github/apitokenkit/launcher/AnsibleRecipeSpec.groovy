package io.github.apitokenkit.launcher

import groovy.json.JsonSlurper
import hudson.model.User
import io.github.apitokenkit.support.HttpSpecification
import io.github.apitokenkit.support.SandboxProcess
import jenkins.security.ApiTokenProperty
import org.junit.Rule
import org.junit.rules.TemporaryFolder

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

/**
 * examples/ansible as an administrator runs it, with Debian's ansible-core (no collection), against this Jenkins and a
 * controller that is down: --check changes nothing and says what would, the first run creates, the second changes
 * nothing, and the dead controller fails only its own host.
 */
class AnsibleRecipeSpec extends HttpSpecification {
    @Rule TemporaryFolder folder = new TemporaryFolder()
    String adminToken
    File inventory
    File tokens

    def setup() {
        adminToken = newToken('admin', 'ansible')
        User.getById('svc-deploy', true).save()
        tokens = new File(folder.root, 'tokens')
        inventory = folder.newFile('inventory.ini')
        inventory.text = """[controllers]
live jenkins_url=${url}
down jenkins_url=http://127.0.0.1:${SandboxProcess.freePort()}/jenkins/

[controllers:vars]
ansible_connection=local
ansible_python_interpreter=/usr/bin/python3
"""
    }

    /** Per host, the kit task's [changed, failed], from the json callback's report. */
    Map<String, List<Integer>> play(boolean check) {
        String kit = '["java", "-cp", "' + new File('target/classes').absolutePath + '", "io.github.apitokenkit.launcher.Main"]'
        List<String> command = ['ansible-playbook', '-i', inventory.path, 'examples/ansible/service-token.yml',
                                '-e', '{"kit": ' + kit + ', "token_dir": "' + tokens.path + '"}'] + (check ? ['--check'] : [])
        ProcessBuilder builder = new ProcessBuilder(command)
        builder.environment().putAll(JENKINS_USER_ID: 'admin', JENKINS_API_TOKEN: adminToken, ANSIBLE_STDOUT_CALLBACK: 'json',
                HOME: folder.root.path, ANSIBLE_LOCAL_TEMP: new File(folder.root, 'tmp').path, ANSIBLE_NOCOLOR: '1')
        Process process = builder.redirectErrorStream(false).start()
        String output = process.inputStream.getText('UTF-8')
        String errors = process.errorStream.getText('UTF-8')
        process.waitFor()
        Map report = new JsonSlurper().parseText(output.substring(output.indexOf('{'))) as Map
        assert !output.contains(adminToken) && !errors.contains(adminToken)
        Map task = report.plays[0].tasks.find { it.task.name.startsWith('The token exists') } as Map
        task.hosts.collectEntries { String host, Map result -> [(host): [result.changed as boolean, result.failed as boolean]] }
    }

    List<String> tokenNames() {
        User.getById('svc-deploy', false).getProperty(ApiTokenProperty).tokenList*.name
    }

    def 'check mode changes nothing, the first run creates, the second keeps; the controller that is down fails alone'() {
        when:
        Map checked = play(true)

        then: 'the live host reports the change it would make, and nothing was made'
        checked.live == [true, false]
        checked.down == [false, true]
        tokenNames() == []

        when:
        Map first = play(false)
        File written = new File(tokens, 'live-pipeline.token')

        then:
        first.live == [true, false]
        first.down == [false, true]
        tokenNames() == ['pipeline']
        written.text.trim() ==~ /11[0-9a-f]{32}/
        Files.getPosixFilePermissions(written.toPath()) == PosixFilePermissions.fromString('rw-------')
        User.getById('svc-deploy', false).getProperty(ApiTokenProperty).tokenStore.findMatchingToken(written.text.trim()) != null

        when:
        String firstValue = written.text
        Map second = play(false)

        then: 'idempotent: ok, unchanged, the token and its file as they were'
        second.live == [false, false]
        second.down == [false, true]
        tokenNames() == ['pipeline']
        written.text == firstValue
    }
}
