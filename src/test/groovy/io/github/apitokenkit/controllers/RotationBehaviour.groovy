package io.github.apitokenkit.controllers

import groovy.json.JsonSlurper
import io.github.apitokenkit.support.Controller
import io.github.apitokenkit.support.ControllerSpecification
import io.github.apitokenkit.support.InProcessStandIn
import io.github.apitokenkit.support.RealJenkins
import io.github.apitokenkit.support.RecordingProxy
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

/**
 * The self commands on the caller's own tokens through the REST endpoints, and rotation that hands over safely: the
 * new token made, its value in --output (its uuid beside it), whoAmI with the new token answering its owner, and only
 * then the old token revoked. Each phase is made to fail in turn (a relay in front of the controller answers for
 * Jenkins, or cuts the connection): the phase is named, the old token still works, and from phase 2 on the new one is
 * in the file. self rotate as a user with Overall/Read only; rotate-api-token --output as admin, through the scripts.
 */
abstract class RotationBehaviour extends ControllerSpecification {
    RecordingProxy proxy
    File file

    def setup() {
        proxy = new RecordingProxy(controller.url)
        file = new File(folder.root, 'mine.token')
    }

    def cleanup() {
        proxy?.close()
    }

    /** The launcher through the relay, as {@code user} with {@code secret} (a password or a token). */
    int launchAs(String user, String secret, List<String> args) {
        launch([JENKINS_URL: proxy.url.toString(), JENKINS_USER_ID: user, JENKINS_API_TOKEN: secret], args)
    }

    List<String> names(String user) {
        controller.tokens(user)*.name.sort()
    }

    String uuidOf(String user, String name) {
        controller.tokens(user).find { it.name == name }.uuid
    }

    /** A user of the feature's own, with a token "laptop" made by self generate --output: the file and its .uuid beside it. */
    String generated(String user) {
        String login = controller.generateThroughRest(user, 'login')
        assert launchAs(user, login, ['self', 'generate', 'name=laptop', '--output', file.path]) == 0
        file.text.trim()
    }

    static String basic(String user, String secret) {
        'Basic ' + "${user}:${secret}".bytes.encodeBase64()
    }

    @Unroll
    def 'self #action with #auth works on the caller\'s own tokens'() {
        given:
        String user = newUser('self')
        String secret = auth == 'a password' ? user : controller.generateThroughRest(user, 'auth')
        String uuid = newToken(user)

        when:
        int exit = launchAs(user, secret, ['self', action] + parameters(uuid))

        then:
        exit == 0
        check(controller.tokens(user), uuid)
        action != 'generate' || stdout() =~ /shown this once: 11[0-9a-f]{32}/

        where:
        action     | auth         | parameters                             | check
        'generate' | 'a password' | { u -> ['name=new'] }                  | { List t, u -> t*.name.contains('new') }
        'generate' | 'a token'    | { u -> ['name=new'] }                  | { List t, u -> t*.name.contains('new') }
        'revoke'   | 'a password' | { u -> ["uuid=${u}"] }                 | { List t, u -> !t*.uuid.contains(u) }
        'revoke'   | 'a token'    | { u -> ["uuid=${u}"] }                 | { List t, u -> !t*.uuid.contains(u) }
        'rename'   | 'a password' | { u -> ["uuid=${u}", 'name=renamed'] } | { List t, u -> t.find { it.uuid == u }.name == 'renamed' }
        'rename'   | 'a token'    | { u -> ["uuid=${u}", 'name=renamed'] } | { List t, u -> t.find { it.uuid == u }.name == 'renamed' }
    }

    /** A token "mine" for the user, made by its owner; its uuid. */
    String newToken(String user) {
        controller.generateThroughRest(user, 'mine')
        uuidOf(user, 'mine')
    }

    def 'self generate and self rotate with an expiry where core has it (2.548); where it has not, a refusal in one line, the token made revoked again'() {
        given:
        String user = newUser('self')
        String old = generated(user)

        when:
        int generatedExit = launchAs(user, user, ['self', 'generate', 'name=expiring', 'expires=30'])
        String generateError = stderr()
        int rotatedExit = launchAs(user, old, ['self', 'rotate', 'expires=30', '--output', file.path])
        String rotateError = stderr()

        then:
        if (controller.atLeast('2.548')) {
            assert generatedExit == 0 && rotatedExit == 0
            assert names(user) == ['expiring', 'laptop', 'login']
            assert controller.authenticates(user, file.text.trim()) && !controller.authenticates(user, old)
        } else {
            assert generatedExit == 1 && generateError == 'api-token-kit: token expiry needs Jenkins 2.548 or newer: this controller ignored ' +
                    "expires and made a token that never expires (uuid ${generateError.find(/uuid ([0-9a-f-]{36})/) { a, u -> u }}), " +
                    'revoked again: leave expires empty on this controller\n'
            assert rotatedExit == 1 && rotateError.startsWith('api-token-kit: rotation stopped at phase 1 (generating the new token): token expiry needs Jenkins 2.548')
            assert rotateError.contains('the old one still works')
            assert names(user) == ['laptop', 'login']
            assert file.text.trim() == old && controller.authenticates(user, old)
        }
    }

    @Unroll
    def 'an answer cut just after a new token\'s value (#command): the part of the value it holds is in no message'() {
        given:
        String user = newUser('self')
        String old = generated(user)
        String value = '11' + UUID.randomUUID().toString().replace('-', '')
        proxy.intercept = { RecordingProxy.Recorded r ->
            r.pathQuery.endsWith('generateNewToken') ? [200, '{"status":"ok","data":{"tokenName":"x","tokenUuid":"0f","tokenValue":"' + value.take(20)] : null
        }

        when:
        int exit = launchAs(user, old, arguments(file.path) + ['--json'])

        then:
        exit != 0
        !(stdout() + stderr()).contains(value.substring(2, 18))
        stderr().contains('"tokenValue":"<redacted>')

        where:
        command         | arguments
        'self generate' | { String f -> ['self', 'generate', 'name=x'] }
        'self rotate'   | { String f -> ['self', 'rotate', '--output', f] }
    }

    def 'self generate refuses a past date or a day count out of range as the scripts do; Jenkins\'s refusal of a rename is reported'() {
        given:
        String user = newUser('self')
        String login = controller.generateThroughRest(user, 'auth')

        expect:
        launchAs(user, login, ['self', 'generate', 'name=x', 'expires=2001-01-01']) == 2
        stderr() == 'api-token-kit: expires is in the past (2001-01-01): the token would be born expired\n'
        launchAs(user, login, ['self', 'generate', 'name=x', 'expires=-1']) == 2
        stderr() == 'api-token-kit: expires must be a number of days from 0 to 36500, not -1\n'
        launchAs(user, login, ['self', 'generate', 'name=x', 'expires=999999']) == 2
        stderr() == 'api-token-kit: expires must be a number of days from 0 to 36500, not 999999\n'
        names(user) == ['auth']
        launchAs(user, login, ['self', 'rename', 'uuid=nope', 'name=x']) == 1
        stderr().contains('Jenkins refused: No token found, try refreshing the page')
    }

    def 'self generate --output writes the value, and its uuid and name beside it, both 0600'() {
        given:
        String user = newUser('self')

        when:
        String value = generated(user)
        Map recorded = new JsonSlurper().parseText(new File(file.path + '.uuid').text) as Map

        then:
        controller.authenticates(user, value)
        recorded == [uuid: uuidOf(user, 'laptop'), name: 'laptop']
        !new File(file.path + '.uuid').text.contains(value.substring(2))
        [file, new File(file.path + '.uuid')].every { Files.getPosixFilePermissions(it.toPath()) == PosixFilePermissions.fromString('rw-------') }
        stdout().contains("<written to ${file.path}>")
        !stdout().contains(value)
    }

    def 'self rotate: the new value in the file, proven with whoAmI, then the old one revoked and shown gone, in that order'() {
        given:
        String user = newUser('self')
        String old = generated(user)
        String oldUuid = uuidOf(user, 'laptop')
        proxy.recorded.clear()

        when:
        int exit = launchAs(user, old, ['self', 'rotate', '--output', file.path])
        String fresh = file.text.trim()

        then:
        exit == 0
        fresh != old && controller.authenticates(user, fresh) && !controller.authenticates(user, old)
        names(user) == ['laptop', 'login']
        new JsonSlurper().parseText(new File(file.path + '.uuid').text).uuid != oldUuid
        proxy.recorded.collect { it.method + ' ' + it.pathQuery.replaceFirst(/^\/jenkins\//, '') } == [
                'GET whoAmI/api/json', 'GET whoAmI/api/json',
                'POST me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken',
                'GET whoAmI/api/json',
                'POST me/descriptorByName/jenkins.security.ApiTokenProperty/revoke',
                'GET whoAmI/api/json']
        proxy.recorded[3].authorization != proxy.recorded[0].authorization
        proxy.recorded[5].authorization == proxy.recorded[0].authorization
        stdout().contains("revoked the old one (uuid ${oldUuid})")
        !stdout().contains(fresh)
    }

    @Unroll
    def 'self rotate stopped at #phase (#how): exit #code, the phase named, what holds said'() {
        given:
        String user = newUser('self')
        String old = generated(user)
        proxy.intercept = { RecordingProxy.Recorded request -> intercept(request, user, old) }

        when:
        int exit = launchAs(user, old, ['self', 'rotate', '--output', file.path])

        then:
        exit == code
        stderr().startsWith("api-token-kit: rotation stopped at ${phase}")
        stderr().contains(holds)
        controller.authenticates(user, old) == (how != 'the check after it unclear')
        fileHoldsNew == (file.text.trim() != old)
        !fileHoldsNew || controller.authenticates(user, file.text.trim())
        new File(file.path + '.uuid').exists() == !fileHoldsNew

        where:
        phase                                  | how                            | code | fileHoldsNew | holds                                  | intercept
        'phase 1 (generating the new token)'   | 'a 200 with status error'      | 1    | false        | 'nothing changed'                      | { r, u, o -> r.pathQuery.endsWith('generateNewToken') ? [200, '{"status":"error","message":"no"}'] : null }
        'phase 3 (whoAmI with the new token)'  | 'the new token refused'        | 4    | true         | 'the old one still works'              | { r, u, o -> r.pathQuery.endsWith('whoAmI/api/json') && r.authorization != basic(u, o) ? [401, 'Unauthorized'] : null }
        'phase 3 (whoAmI with the new token)'  | 'the network cut'              | 5    | true         | 'the old one still works'              | { r, u, o -> r.pathQuery.endsWith('whoAmI/api/json') && r.authorization != basic(u, o) ? 'cut' : null }
        'phase 4 (revoking the old token)'     | 'revoke answers 400'           | 1    | true         | 'revoke it with self revoke uuid='     | { r, u, o -> r.pathQuery.endsWith('/revoke') ? [400, 'No token with that uuid'] : null }
        'phase 4 (revoking the old token)'     | 'the network cut'              | 5    | true         | 'the old one still works too'          | { r, u, o -> r.pathQuery.endsWith('/revoke') ? 'cut' : null }
        'phase 4 (revoking the old token)'     | 'the check after it unclear'   | 5    | true         | 'check the old one on your user'       | afterRevoke { r, u, o -> r.pathQuery.endsWith('whoAmI/api/json') ? [503, 'restarting'] : null }
    }

    /** An interception that starts once the revoke has gone through. */
    static Closure afterRevoke(Closure then) {
        boolean revoked = false
        return { r, u, o ->
            if (revoked) {
                return then.call(r, u, o)
            }
            revoked = r.pathQuery.endsWith('/revoke')
            null
        }
    }

    /** Makes the --output file a folder with something in it: the value cannot be moved there any more. */
    void spoilOutput() {
        file.delete()
        file.mkdirs()
        new File(file, 'in-the-way').text = ''
    }

    def 'self rotate stopped at phase 2 (the file cannot be written): the new token is revoked again, the old one still works, exit 1'() {
        given:
        String user = newUser('self')
        String old = generated(user)
        proxy.intercept = { RecordingProxy.Recorded r -> if (r.pathQuery.endsWith('generateNewToken')) { spoilOutput() }; null }

        when:
        int exit = launchAs(user, old, ['self', 'rotate', 'uuid=' + uuidOf(user, 'laptop'), 'name=laptop', '--output', file.path])

        then:
        exit == 1
        stderr().startsWith("api-token-kit: rotation stopped at phase 2 (writing ${file.path})")
        stderr().contains('the new token was revoked again; the old one still works')
        controller.authenticates(user, old)
        names(user) == ['laptop', 'login']
    }

    def 'self generate --output that cannot be written: a failure, and the value shown once instead, never lost'() {
        given:
        String user = newUser('self')
        String login = controller.generateThroughRest(user, 'login')
        proxy.intercept = { RecordingProxy.Recorded r -> if (r.pathQuery.endsWith('generateNewToken')) { spoilOutput() }; null }

        when:
        int exit = launchAs(user, login, ['self', 'generate', 'name=laptop', '--output', file.path, '--json'])
        Map json = new JsonSlurper().parseText(stdout().readLines()[0]) as Map

        then:
        exit == 1
        json.ok == false
        json.error.contains('the token was made, and its value is shown instead')
        controller.authenticates(user, json.result.value as String)
        stdout().count(json.result.value as String) == 1
    }

    def 'self rotate needs --output, and the old token\'s uuid from uuid= or the file beside it'() {
        given:
        String user = newUser('self')
        String login = controller.generateThroughRest(user, 'login')

        expect:
        launchAs(user, login, ['self', 'rotate', 'name=x', 'uuid=u']) == 2
        stderr().contains('self rotate needs --output FILE')
        launchAs(user, login, ['self', 'rotate', '--output', file.path]) == 2
        stderr().contains("self rotate needs the old token's uuid= and name=, or the ${file.path}.uuid")
        names(user) == ['login']
    }

    def 'self rotate given the wrong uuid: Jenkins answers revoke the same, but the old value still works, so it fails in phase 4'() {
        given:
        String user = newUser('self')
        String old = generated(user)

        when:
        int exit = launchAs(user, old, ['self', 'rotate', 'uuid=00000000-0000-0000-0000-000000000000', '--output', file.path])

        then:
        exit == 1
        stderr().startsWith('api-token-kit: rotation stopped at phase 4 (revoking the old token): the token ' + file.path +
                ' held still authenticates, so uuid 00000000-0000-0000-0000-000000000000 was not its uuid')
        controller.authenticates(user, old) && controller.authenticates(user, file.text.trim())
    }

    /** A service account with a token "deploy" made by admin through the script; its value. */
    String deployToken(String user) {
        File previous = new File(folder.root, 'previous.token')
        assert launch(['--output', previous.path, 'create-api-token', "user=${user}".toString(), 'name=deploy']) == 0
        previous.text.trim()
    }

    def 'rotate-api-token --output rotates in phases: the previous token goes only once the new one works'() {
        given:
        String user = newUser('svc')
        String previous = deployToken(user)
        proxy.recorded.clear()

        when:
        int exit = launchAs('admin', controller.adminToken, ['rotate-api-token', "user=${user}".toString(), 'name=deploy', '--output', file.path])
        String fresh = file.exists() ? file.text.trim() : ''
        List<String> calls = proxy.recorded.collect { it.method + ' ' + it.pathQuery.replaceFirst(/^\/jenkins\//, '') }

        then:
        [exit, stderr()] == [0, '']
        controller.authenticates(user, fresh) && !controller.authenticates(user, previous)
        names(user) == ['deploy']
        calls == ['POST scriptText', 'GET whoAmI/api/json', 'POST scriptText']
        proxy.recorded[1].authorization == basic(user, fresh)
        new JsonSlurper().parseText(new File(file.path + '.uuid').text).name == 'deploy'
        stdout().contains('in phases')
        !stdout().contains(fresh)
    }

    def 'a dry run with --output, however dryRun is spelled, is the script\'s own: it says it would revoke the previous token'() {
        given:
        String user = newUser('svc')
        deployToken(user)

        expect:
        launch(['rotate-api-token', "user=${user}".toString(), 'name=deploy', 'dryRun= TRUE', '--output', file.path]) == 0
        stdout().contains('then revoke 1 previous token. Nothing changed.')
        !file.exists()
        names(user) == ['deploy']
    }

    def 'graceDays does not go with --output (the proof would end the grace), nor does plain HTTP to another machine'() {
        given:
        String user = newUser('svc')
        String previous = deployToken(user)
        List<String> rotate = ['rotate-api-token', "user=${user}".toString(), 'name=deploy']

        expect:
        launch(rotate + ['graceDays=5', '--output', file.path]) == 2
        stderr().contains('graceDays does not go with --output')
        launch(rotate + ['graceDays=-0x', '--output', file.path]) == 2
        launch([JENKINS_USER_ID: 'admin', JENKINS_API_TOKEN: controller.adminToken], ['--url', 'http://192.0.2.1/jenkins/'] + rotate + ['--output', file.path]) == 2
        stderr().contains('a rotation in phases proves the new token by sending it, which plain HTTP to 192.0.2.1 would expose: use HTTPS')
        names(user) == ['deploy'] && controller.authenticates(user, previous)
        !file.exists()
    }

    @Unroll
    def 'rotate-api-token --output stopped at #phase (#how): exit #code, the previous token still works'() {
        given:
        String user = newUser('svc')
        String previous = deployToken(user)
        int posts = 0
        proxy.intercept = { RecordingProxy.Recorded r ->
            posts += r.method == 'POST' ? 1 : 0
            phase.startsWith('phase 3') ? (r.pathQuery.endsWith('whoAmI/api/json') ? answer : null) : (r.method == 'POST' && posts == 2 ? answer : null)
        }

        when:
        int exit = launchAs('admin', controller.adminToken, ['rotate-api-token', "user=${user}".toString(), 'name=deploy', '--output', file.path])

        then:
        exit == code
        stderr().startsWith("api-token-kit: rotation stopped at ${phase}")
        stderr().contains('the previous ones still work')
        controller.authenticates(user, previous)
        controller.authenticates(user, file.text.trim())
        names(user) == ['deploy', 'deploy']

        where:
        phase                                                | how                      | code | answer
        'phase 3 (whoAmI with the new token)'                | 'the new token refused'  | 4    | [401, 'Unauthorized']
        'phase 4 (revoking the previous token'               | 'the network cut'        | 5    | 'cut'
    }
}

class RotationOnStandInSpec extends RotationBehaviour {
    Controller startController(Closure<List<String>> prepare) { InProcessStandIn.start(prepare) }
}

class RotationOnRealJenkinsIT extends RotationBehaviour {
    Controller startController(Closure<List<String>> prepare) { RealJenkins.start(prepare) }
}
