package io.github.apitokenkit.controllers

import groovy.json.JsonSlurper
import io.github.apitokenkit.launcher.RemoteScript
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

    static String sha256(String value) {
        java.security.MessageDigest.getInstance('SHA-256').digest(value.getBytes('US-ASCII')).encodeHex().toString()
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
            assert rotatedExit == 1 && rotateError.startsWith('api-token-kit: rotation stopped at phase 1 (making the new token): token expiry needs Jenkins 2.548')
            assert rotateError.contains('revoked again: leave expires empty on this controller; no new token was made; the old token (uuid ')
            assert rotateError.contains(') still works; ' + file.path + ' is as it was')
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
        recorded == [uuid: uuidOf(user, 'laptop'), name: 'laptop', sha256: sha256(value)]
        !new File(file.path + '.uuid').text.contains(value.substring(2))
        [file, new File(file.path + '.uuid')].every { Files.getPosixFilePermissions(it.toPath()) == PosixFilePermissions.fromString('rw-------') }
        stdout().contains("<written to ${file.path}>")
        !stdout().contains(value)
    }

    def 'self rotate: a new token under a marked name, its value in the file, proven with whoAmI, the old one revoked and shown gone, then the new one named, in that order'() {
        given:
        String user = newUser('self')
        String old = generated(user)
        String oldUuid = uuidOf(user, 'laptop')
        proxy.recorded.clear()

        when:
        int exit = launchAs(user, old, ['self', 'rotate', '--output', file.path])
        String fresh = file.text.trim()

        then:
        [exit, stderr()] == [0, '']
        fresh != old && controller.authenticates(user, fresh) && !controller.authenticates(user, old)
        names(user) == ['laptop', 'login']
        new JsonSlurper().parseText(new File(file.path + '.uuid').text).uuid != oldUuid
        proxy.recorded.collect { it.method + ' ' + it.pathQuery.replaceFirst(/^\/jenkins\//, '') } == [
                'GET whoAmI/api/json', 'GET whoAmI/api/json',
                'POST me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken',
                'GET whoAmI/api/json',
                'POST me/descriptorByName/jenkins.security.ApiTokenProperty/revoke',
                'GET whoAmI/api/json',
                'POST me/descriptorByName/jenkins.security.ApiTokenProperty/rename']
        proxy.recorded[2].form().newTokenName ==~ /laptop \[rotating [0-9a-f]{8}\]/
        proxy.recorded[3].authorization == basic(user, fresh)
        proxy.recorded[5].authorization == proxy.recorded[0].authorization
        proxy.recorded[6].authorization == basic(user, fresh) && proxy.recorded[6].form() == [tokenUuid: uuidOf(user, 'laptop'), newName: 'laptop']
        stdout().contains("revoked ${oldUuid}.")
        !stdout().contains(fresh)
    }

    /**
     * What every fault in a rotation must leave, whatever the phase: the value the file holds authenticates (the old one
     * while the file was not changed); FILE.uuid, where there is one, describes that value; every token the call made is
     * the file's or is named in the message (by uuid, or by the marked name a token endpoint was asked for); and no
     * message holds a token value.
     */
    void holdsAfterFault(String user, Collection<String> before, String oldValue) {
        String held = file.exists() ? file.text.trim() : oldValue
        assert controller.authenticates(user, held)
        File uuidFile = new File(file.path + '.uuid')
        Map record = uuidFile.exists() ? new JsonSlurper().parseText(uuidFile.text) as Map : null
        assert record == null || record.sha256 == sha256(held)
        String said = stdout() + stderr()
        controller.tokens(user).findAll { !(it.uuid in before) }.each { Map made ->
            assert made.uuid == record?.uuid || said.contains(made.uuid as String) || said.contains("'${made.name}'")
        }
        assert !(said =~ /[0-9a-f]{32}/)
    }

    /**
     * The fault rows to run (column 2 the fault): all of them on the stand-in and on one war of the real tier; on its
     * other wars (bin/real-jenkins-tier passes faults=some) only the cuts before an answer and the answers: a cut after
     * the answer, or half an answer, is the relay's doing, and what the kit then finds on Jenkins is the same listing
     * on every war.
     */
    static List<List> faultRows(List<List> rows) {
        System.getProperty('faults', 'all') == 'some' ? rows.findAll { !(it[1] in ['cut-after', 'half']) } : rows
    }

    /** Whether a request is the one a fault row aims at (self rotate, as user u holding token value o). */
    static boolean selfRequest(String request, RecordingProxy.Recorded r, String u, String o) {
        switch (request) {
            case 'generateNewToken': return r.pathQuery.endsWith('/generateNewToken')
            case 'the proof': return r.pathQuery.endsWith('whoAmI/api/json') && r.authorization != basic(u, o)
            case 'revoke': return r.pathQuery.endsWith('/revoke')
            case 'rename': return r.pathQuery.endsWith('/rename')
        }
        throw new IllegalArgumentException(request)
    }

    @Unroll
    def 'self rotate with #fault at #request: exit #code, #said, and nothing made is left unnamed'() {
        given:
        String user = newUser('self')
        String old = generated(user)
        List<String> before = controller.tokens(user)*.uuid
        boolean revoked = false
        proxy.intercept = { RecordingProxy.Recorded r ->
            boolean check = request == 'the check after revoke' && revoked && r.pathQuery.endsWith('whoAmI/api/json')
            revoked |= r.pathQuery.endsWith('/revoke')
            check || (request != 'the check after revoke' && selfRequest(request, r, user, old)) ? fault : null
        }

        when:
        int exit = launchAs(user, old, ['self', 'rotate', '--output', file.path])

        then:
        exit == code
        code == 0 ? stderr() == '' : stderr().startsWith("api-token-kit: rotation stopped at ${phase}")
        stderr().contains(said)
        controller.authenticates(user, old) == oldWorks
        (file.text.trim() != old) == fileHoldsNew
        holdsAfterFault(user, before, old)

        where:
        [request, fault, code, phase, oldWorks, fileHoldsNew, said] << faultRows([
                ['generateNewToken', 'cut', 5, 'phase 1', true, false, 'whether Jenkins made the new token is unknown'],
                ['generateNewToken', 'cut-after', 5, 'phase 1', true, false, "a token named 'laptop [rotating "],
                ['generateNewToken', 'half', 5, 'phase 1', true, false, "a token named 'laptop [rotating "],
                ['generateNewToken', [200, '{"status":"error","message":"no"}'], 1, 'phase 1', true, false, 'no new token was made; the old token'],
                ['the proof', 'cut', 5, 'phase 3', true, true, ') still works'],
                ['the proof', 'cut-after', 5, 'phase 3', true, true, ') still works'],
                ['the proof', [401, 'Unauthorized'], 4, 'phase 3', true, true, ') still works'],
                ['revoke', 'cut', 5, 'phase 4', true, true, 'still works too: revoke it with self revoke uuid='],
                ['revoke', [400, 'No token with that uuid'], 1, 'phase 4', true, true, 'still works too: revoke it with self revoke uuid='],
                ['revoke', 'cut-after', 0, null, false, true, ''],
                ['the check after revoke', [503, 'restarting'], 5, 'phase 4', false, true, 'still works is unknown: revoke it with self revoke uuid='],
                ['rename', 'cut', 5, 'phase 5', false, true, 'the rotation is through but for its name: self rename uuid='],
                ['rename', 'cut-after', 5, 'phase 5', false, true, 'the rotation is through but for its name: self rename uuid='],
        ])
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
        stderr().startsWith("api-token-kit: rotation stopped at phase 2 (delivering the value): cannot write --output ${file.absolutePath}")
        stderr() =~ /; the new token \(uuid [0-9a-f-]{36}\) was revoked again; the old token \(uuid [0-9a-f-]{36}\) still works; /
        controller.authenticates(user, old)
        names(user) == ['laptop', 'login']
    }

    def 'self generate --output that cannot be written: a failure, the token made revoked again, its value nowhere'() {
        given:
        String user = newUser('self')
        String login = controller.generateThroughRest(user, 'login')
        proxy.intercept = { RecordingProxy.Recorded r -> if (r.pathQuery.endsWith('generateNewToken')) { spoilOutput() }; null }

        when:
        int exit = launchAs(user, login, ['self', 'generate', 'name=laptop', '--output', file.path, '--json'])
        Map json = new JsonSlurper().parseText(stdout().readLines()[0]) as Map

        then:
        exit == 1
        json.ok == false && json.result == null
        json.error ==~ /cannot write --output .*; the token made \(uuid [0-9a-f-]{36}\) was revoked again/
        names(user) == ['login']
        !((stdout() + stderr()) =~ /[0-9a-f]{32}/)
    }

    def 'FILE.uuid follows the file for every command writing --output: after rotate-api-token then create-api-token, self rotate retires only the token the file holds'() {
        given: 'an administrator rotates a token into the file, then creates another into the same file'
        String user = newUser('self')
        assert launch(['rotate-api-token', "user=${user}".toString(), 'name=deploy', 'createIfMissing=true', '--output', file.path]) == 0
        String rotated = file.text.trim()
        assert launch(['create-api-token', "user=${user}".toString(), 'name=laptop', '--output', file.path]) == 0
        String created = file.text.trim()
        String createdUuid = uuidOf(user, 'laptop')
        Map record = new JsonSlurper().parseText(new File(file.path + '.uuid').text) as Map

        when: 'the holder rotates what the file holds'
        int exit = launchAs(user, created, ['self', 'rotate', '--output', file.path])

        then:
        record == [uuid: createdUuid, name: 'laptop', sha256: sha256(created)]
        [exit, stderr()] == [0, '']
        controller.authenticates(user, rotated)
        !controller.authenticates(user, created)
        controller.authenticates(user, file.text.trim())
        names(user) == ['deploy', 'laptop']
    }

    def 'a FILE.uuid that does not describe the value FILE holds (an older kit\'s, or another value\'s) is refused, nothing changed'() {
        given:
        String user = newUser('self')
        String old = generated(user)
        String uuid = uuidOf(user, 'laptop')
        File beside = new File(file.path + '.uuid')

        when:
        beside.text = '{"uuid":"' + uuid + '","name":"laptop"}\n'
        int olderKit = launchAs(user, old, ['self', 'rotate', '--output', file.path])
        String olderError = stderr()
        beside.text = '{"uuid":"' + uuid + '","name":"laptop","sha256":"' + sha256('11' + '0' * 32) + '"}\n'
        int otherValue = launchAs(user, old, ['self', 'rotate', '--output', file.path])

        then:
        [olderKit, otherValue] == [2, 2]
        olderError == "api-token-kit: ${beside.path} does not describe the token ${file.path} holds (written for another value, or by an ".toString() +
                'older kit): give the old token\'s uuid= and name=; nothing was changed\n'
        stderr() == olderError
        names(user) == ['laptop', 'login']
        file.text.trim() == old && controller.authenticates(user, old)
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
        stderr().startsWith('api-token-kit: rotation stopped at phase 4 (revoking the old token 00000000-0000-0000-0000-000000000000): it still ' +
                'authenticates after Jenkins took its revocation, so 00000000-0000-0000-0000-000000000000 was not the uuid of the token ' + file.path + ' held')
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
        calls == ['POST scriptText', 'POST scriptText', 'GET whoAmI/api/json', 'POST scriptText']
        proxy.recorded[2].authorization == basic(user, fresh)
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

    /** Whether a request is the one a fault row aims at (rotate-api-token --output as admin; u is the token's owner). */
    boolean scriptRequest(String request, RecordingProxy.Recorded r, String u) {
        if (request == 'the proof') {
            return r.pathQuery.endsWith('whoAmI/api/json') && r.authorization != basic('admin', controller.adminToken)
        }
        String script = r.method == 'POST' && r.pathQuery.endsWith('scriptText') ? r.form().script : ''
        // The launcher's payload names the script it carries: {"name":"list_api_tokens.groovy",...
        return script && new JsonSlurper().parseText(RemoteScript.payload(script)).name == request.replace('-', '_') + '.groovy'
    }

    @Unroll
    def 'rotate-api-token --output with #fault at #request: exit #code, #said, and nothing made is left unnamed'() {
        given:
        String user = newUser('svc')
        String previous = deployToken(user)
        List<String> before = controller.tokens(user)*.uuid
        boolean hit = false
        proxy.intercept = { RecordingProxy.Recorded r ->
            // A script's first request only: the listing that checks afterwards goes through. Every proof (the JDK sends a
            // GET that was cut again, once).
            if ((!hit || request == 'the proof') && scriptRequest(request, r, user)) {
                hit = true
                return fault
            }
            null
        }

        when:
        int exit = launchAs('admin', controller.adminToken, ['rotate-api-token', "user=${user}".toString(), 'name=deploy', '--output', file.path])

        then:
        exit == code
        code == 0 ? stderr() == '' : stderr().startsWith("api-token-kit: ${phase}")
        stderr().contains(said)
        controller.authenticates(user, previous) == previousWorks
        file.exists() == fileHoldsNew
        holdsAfterFault(user, before, previous)
        names(user) == ['deploy'] * tokens

        where:
        [request, fault, code, phase, previousWorks, fileHoldsNew, tokens, said] << faultRows([
                ['list-api-tokens', 'cut', 5, 'the connection', true, false, 1, 'the rotation did not start: nothing was changed'],
                ['rotate-api-token', 'cut', 5, 'rotation stopped at phase 1', true, false, 1, 'no new token was made; the previous tokens of the name still work'],
                ['rotate-api-token', 'cut-after', 5, 'rotation stopped at phase 1', true, false, 1, 'its value lost with the answer, and was revoked again'],
                ['rotate-api-token', 'half', 5, 'rotation stopped at phase 1', true, false, 1, 'its value lost with the answer, and was revoked again'],
                ['the proof', 'cut', 5, 'rotation stopped at phase 3', true, true, 2, ') still works'],
                ['the proof', [401, 'Unauthorized'], 4, 'rotation stopped at phase 3', true, true, 2, ') still works'],
                ['revoke-api-tokens', 'cut', 5, 'rotation stopped at phase 4', true, true, 2, 'still works too: revoke it with revoke-api-tokens user='],
                ['revoke-api-tokens', 'cut-after', 0, null, false, true, 1, ''],
                ['revoke-api-tokens', 'half', 0, null, false, true, 1, ''],
        ])
    }
}

class RotationOnStandInSpec extends RotationBehaviour {
    Controller startController(Closure<List<String>> prepare) { InProcessStandIn.start(prepare) }
}

class RotationOnRealJenkinsIT extends RotationBehaviour {
    Controller startController(Closure<List<String>> prepare) { RealJenkins.start(prepare) }
}
