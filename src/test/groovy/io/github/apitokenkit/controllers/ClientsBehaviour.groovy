package io.github.apitokenkit.controllers

import groovy.json.JsonSlurper
import io.github.apitokenkit.support.Command
import io.github.apitokenkit.support.Controller
import io.github.apitokenkit.support.ControllerSpecification
import io.github.apitokenkit.support.InProcessStandIn
import io.github.apitokenkit.support.RealJenkins
import io.github.apitokenkit.support.SandboxProcess

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

/**
 * The clients an administrator has, as they run: the seed article's curl recipe verbatim (the system's curl), a
 * script rendered by the launcher and posted by curl and by python-jenkins (Debian's), then opened; and
 * examples/ansible with Debian's ansible-core, against this controller and one that is down.
 */
abstract class ClientsBehaviour extends ControllerSpecification {
    /** The article's REST recipe, as the README gives it against the sandbox. */
    static final String RECIPE = '''
        JENKINS_USER=admin
        JENKINS_USER_PASS=admin
        CRUMB=$(curl -s -u "$JENKINS_USER:$JENKINS_USER_PASS" --cookie-jar cookies.txt \\
            "${JENKINS_URL}crumbIssuer/api/xml?xpath=concat(//crumbRequestField,\\":\\",//crumb)")
        curl -s -u "$JENKINS_USER:$JENKINS_USER_PASS" --cookie cookies.txt -H $CRUMB -X POST \\
            "${JENKINS_URL}user/${JENKINS_USER}/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken" \\
            --data 'newTokenName=kb-token'
    '''

    /** Runs a bash snippet in the feature's folder with the given environment; its standard output. */
    String bash(String script, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder('bash', '-euo', 'pipefail', '-c', script).directory(folder.root)
        builder.environment().putAll(environment)
        builder.redirectError(ProcessBuilder.Redirect.INHERIT)
        Process process = builder.start()
        String output = process.inputStream.getText('UTF-8')
        assert process.waitFor() == 0
        output
    }

    def 'the seed article\'s curl recipe creates a token that then authenticates without a crumb'() {
        when:
        Map answer = new JsonSlurper().parseText(bash(RECIPE, [JENKINS_URL: controller.url.toString()])) as Map

        then:
        answer.status == 'ok'
        answer.data.tokenName == 'kb-token'
        answer.data.tokenUuid == controller.tokens('admin').find { it.name == 'kb-token' }.uuid
        answer.data.tokenValue ==~ /11[0-9a-f]{32}/
        new File(folder.root, 'cookies.txt').text =~ /JSESSIONID\.[0-9a-f]{8}/

        when: 'the new token authenticates whoAmI by itself'
        Map whoAmI = new JsonSlurper().parseText(bash('curl -s -u "admin:$TOKEN" "${JENKINS_URL}whoAmI/api/json"',
                [JENKINS_URL: controller.url.toString(), TOKEN: answer.data.tokenValue as String])) as Map

        then:
        whoAmI.name == 'admin'
        whoAmI.anonymous == false
        controller.tokens('admin').find { it.name == 'kb-token' }.useCounter == 1
    }

    def 'without the cookie jar the same crumb is refused, which is why the recipe keeps it'() {
        when:
        String output = bash('''
            CRUMB=$(curl -s -u admin:admin "${JENKINS_URL}crumbIssuer/api/xml?xpath=concat(//crumbRequestField,\\":\\",//crumb)")
            curl -s -o /dev/null -w '%{http_code}' -u admin:admin -H $CRUMB -X POST \\
                "${JENKINS_URL}user/admin/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken" --data 'newTokenName=no-session'
        ''', [JENKINS_URL: controller.url.toString()])

        then:
        output == '403'
        !controller.tokens('admin')*.name.contains('no-session')
    }

    File rendered(List<String> args) {
        assert launch(['render'] + args) == 0: stderr()
        File text = folder.newFile()
        text.setText(stdout(), 'UTF-8')
        text
    }

    def 'a read-only script rendered and posted with curl answers what the launcher answers'() {
        given:
        String user = newUser('rendered', ['laptop'])
        File text = rendered(['list-api-tokens', "user=${user}".toString()])

        when:
        File answer = folder.newFile()
        answer.text = Command.run(['curl', '-s', '-u', "admin:${controller.adminToken}".toString(), '--data-urlencode', "script@${text.path}".toString(),
                           "${controller.url}scriptText".toString()])
        launch(['open', answer.path, '--json'])
        Map opened = new JsonSlurper().parseText(stdout()) as Map
        launch(['--json', 'list-api-tokens', "user=${user}".toString()])
        Map direct = new JsonSlurper().parseText(stdout()) as Map

        then:
        opened.ok
        opened.url == null
        opened.result == direct.result
        opened.result.tokens*.name == ['laptop']
        !text.text.contains(user) // the parameter travels as data, inside the base64 payload
    }

    def 'a created value is sealed for --key (a 0600 file): python-jenkins posts the text, open reveals the value, and it works'() {
        given:
        String user = newUser('rendered')
        File key = new File(folder.root, 'render.key')
        File text = rendered(['create-api-token', "user=${user}".toString(), 'name=from-python', '--key', key.path])
        File token = folder.newFile()
        token.text = controller.adminToken

        when:
        File answer = folder.newFile()
        answer.text = Command.run(['/usr/bin/python3', '-c', 'import sys, jenkins; ' +
                'print(jenkins.Jenkins(sys.argv[1], username="admin", password=open(sys.argv[2]).read()).run_script(open(sys.argv[3]).read()), end="")',
                controller.url.toString(), token.path, text.path])
        int opened = launch(['open', answer.path, '--key', key.path, '--json'])
        Map result = (new JsonSlurper().parseText(stdout()) as Map).result as Map

        then:
        stderr() == ''
        Files.getPosixFilePermissions(key.toPath()) == PosixFilePermissions.fromString('rw-------')
        !answer.text.contains(result.value.toString().substring(2))
        opened == 0
        result.value ==~ /11[0-9a-f]{32}/
        controller.authenticates(user, result.value as String)
        controller.tokens(user)*.name == ['from-python']
    }

    /**
     * examples/ansible as an administrator runs it against this controller and one that is down; per host, the kit
     * task's [changed, failed], from the json callback's report. Before 2.548 a token cannot expire, so the playbook's
     * token_expires is emptied, as its comment tells administrators of such controllers.
     */
    Map<String, List<Boolean>> play(String user, File tokens, boolean check) {
        File inventory = new File(folder.root, 'inventory.ini')
        inventory.text = """[controllers]
live jenkins_url=${controller.url}
down jenkins_url=http://127.0.0.1:${SandboxProcess.freePort()}/jenkins/

[controllers:vars]
ansible_connection=local
ansible_python_interpreter=/usr/bin/python3
"""
        String kit = '["java", "-cp", "' + new File('target/classes').absolutePath + '", "io.github.apitokenkit.launcher.Main"]'
        String expires = controller.atLeast('2.548') ? '' : ', "token_expires": ""'
        List<String> command = ['ansible-playbook', '-i', inventory.path, 'examples/ansible/service-token.yml',
                                '-e', '{"kit": ' + kit + ', "token_dir": "' + tokens.path + '", "token_user": "' + user + '"' + expires + '}'] +
                (check ? ['--check'] : [])
        ProcessBuilder builder = new ProcessBuilder(command)
        builder.environment().putAll(JENKINS_USER_ID: 'admin', JENKINS_API_TOKEN: controller.adminToken, ANSIBLE_STDOUT_CALLBACK: 'json',
                HOME: folder.root.path, ANSIBLE_LOCAL_TEMP: new File(folder.root, 'tmp').path, ANSIBLE_NOCOLOR: '1')
        Process process = builder.start()
        String output = process.inputStream.getText('UTF-8')
        String errors = process.errorStream.getText('UTF-8')
        process.waitFor()
        Map report = new JsonSlurper().parseText(output.substring(output.indexOf('{'))) as Map
        assert !output.contains(controller.adminToken) && !errors.contains(controller.adminToken)
        Map task = report.plays[0].tasks.find { it.task.name.startsWith('The token exists') } as Map
        task.hosts.collectEntries { String host, Map result -> [(host): [result.changed as boolean, result.failed as boolean]] }
    }

    def 'examples/ansible: check mode changes nothing, the first run creates, the second keeps; the controller that is down fails alone'() {
        given:
        String user = newUser('svc-deploy')
        File tokens = new File(folder.root, 'tokens')

        when:
        Map checked = play(user, tokens, true)

        then: 'the live host reports the change it would make, and nothing was made'
        checked.live == [true, false]
        checked.down == [false, true]
        controller.tokens(user) == []

        when:
        Map first = play(user, tokens, false)
        File written = new File(tokens, 'live-pipeline.token')

        then:
        first.live == [true, false]
        first.down == [false, true]
        controller.tokens(user)*.name == ['pipeline']
        Files.getPosixFilePermissions(written.toPath()) == PosixFilePermissions.fromString('rw-------')
        controller.authenticates(user, written.text.trim())

        when:
        String firstValue = written.text
        Map second = play(user, tokens, false)

        then: 'idempotent: ok, unchanged, the token and its file as they were'
        second.live == [false, false]
        second.down == [false, true]
        controller.tokens(user)*.name == ['pipeline']
        written.text == firstValue
    }
}

class ClientsOnStandInSpec extends ClientsBehaviour {
    Controller startController(Closure<List<String>> prepare) { InProcessStandIn.start(prepare) }
}

class ClientsOnRealJenkinsIT extends ClientsBehaviour {
    Controller startController(Closure<List<String>> prepare) { RealJenkins.start(prepare) }
}
