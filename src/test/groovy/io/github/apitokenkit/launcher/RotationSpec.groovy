package io.github.apitokenkit.launcher

import groovy.json.JsonSlurper
import io.github.apitokenkit.support.HttpSpecification
import io.github.apitokenkit.support.RecordingProxy
import org.junit.Rule
import org.junit.rules.TemporaryFolder
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

/**
 * Rotation that hands over safely, over real HTTP: the new token made, its value in --output (its uuid beside it),
 * whoAmI with the new token answering its owner, and only then the old token revoked. Each phase is made to fail in
 * turn (a relay in front of the stand-in answers for Jenkins, or cuts the connection): the phase is named, the old
 * token still works, and from phase 2 on the new one is in the file. self rotate as alice, who has no Administer;
 * rotate-api-token --output as admin, through the scripts.
 */
class RotationSpec extends HttpSpecification {
    @Rule TemporaryFolder folder = new TemporaryFolder()
    ByteArrayOutputStream out = new ByteArrayOutputStream()
    ByteArrayOutputStream err = new ByteArrayOutputStream()
    RecordingProxy proxy
    File file

    def setup() {
        proxy = new RecordingProxy(url)
        file = new File(folder.root, 'alice.token')
    }

    def cleanup() {
        proxy?.close()
    }

    int launch(String user, String secret, List<String> args) {
        out.reset()
        err.reset()
        Main.run(args as String[], new PrintStream(out, true, 'UTF-8'), new PrintStream(err, true, 'UTF-8'),
                [JENKINS_URL: proxy.url.toString(), JENKINS_USER_ID: user, JENKINS_API_TOKEN: secret], null)
    }

    List<String> names(String user) {
        tokens(user).tokenList*.name.sort()
    }

    boolean works(String user, String value) {
        tokens(user).tokenStore.findMatchingToken(value) != null
    }

    /** alice's token "laptop", made by self generate --output: the file and its .uuid beside it. */
    String generated() {
        String login = newToken('alice', 'login')
        assert launch('alice', login, ['self', 'generate', 'name=laptop', '--output', file.path]) == 0
        return file.text.trim()
    }

    def 'self generate --output writes the value, and its uuid and name beside it, both 0600'() {
        when:
        String value = generated()
        Map recorded = new JsonSlurper().parseText(new File(file.path + '.uuid').text) as Map

        then:
        works('alice', value)
        recorded == [uuid: tokens('alice').tokenList.find { it.name == 'laptop' }.uuid, name: 'laptop']
        !new File(file.path + '.uuid').text.contains(value.substring(2))
        [file, new File(file.path + '.uuid')].every { Files.getPosixFilePermissions(it.toPath()) == PosixFilePermissions.fromString('rw-------') }
        out.toString('UTF-8').contains("<written to ${file.path}>")
        !out.toString('UTF-8').contains(value)
    }

    def 'self rotate: the new value in the file, proven with whoAmI, then the old one revoked and shown gone, in that order'() {
        given:
        String old = generated()
        String oldUuid = tokens('alice').tokenList.find { it.name == 'laptop' }.uuid
        proxy.recorded.clear()

        when:
        int exit = launch('alice', old, ['self', 'rotate', '--output', file.path])
        String fresh = file.text.trim()

        then:
        exit == 0
        fresh != old && works('alice', fresh) && !works('alice', old)
        names('alice') == ['laptop', 'login']
        new JsonSlurper().parseText(new File(file.path + '.uuid').text).uuid != oldUuid
        proxy.recorded.collect { it.method + ' ' + it.pathQuery.replaceFirst(/^\/jenkins\//, '') } == [
                'GET whoAmI/api/json', 'GET whoAmI/api/json',
                'POST me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken',
                'GET whoAmI/api/json',
                'POST me/descriptorByName/jenkins.security.ApiTokenProperty/revoke',
                'GET whoAmI/api/json']
        proxy.recorded[3].authorization != proxy.recorded[0].authorization
        proxy.recorded[5].authorization == proxy.recorded[0].authorization
        out.toString('UTF-8').contains("revoked the old one (uuid ${oldUuid})")
        !out.toString('UTF-8').contains(fresh)
    }

    @Unroll
    def 'self rotate stopped at #phase (#how): exit #code, the phase named, what holds said'() {
        given:
        String old = generated()
        proxy.intercept = { RecordingProxy.Recorded request -> intercept(request, old) }

        when:
        int exit = launch('alice', old, ['self', 'rotate', '--output', file.path])
        String error = err.toString('UTF-8')

        then:
        exit == code
        error.startsWith("api-token-kit: rotation stopped at ${phase}")
        error.contains(holds)
        works('alice', old) == (how != 'the check after it unclear')
        fileHoldsNew == (file.text.trim() != old)
        !fileHoldsNew || works('alice', file.text.trim())
        new File(file.path + '.uuid').exists() == !fileHoldsNew

        where:
        phase                                  | how                            | code | fileHoldsNew | holds                                  | intercept
        'phase 1 (generating the new token)'   | 'a 200 with status error'      | 1    | false        | 'nothing changed'                      | { r, o -> r.pathQuery.endsWith('generateNewToken') ? [200, '{"status":"error","message":"no"}'] : null }
        'phase 3 (whoAmI with the new token)'  | 'the new token refused'        | 4    | true         | 'the old one still works'              | { r, o -> r.pathQuery.endsWith('whoAmI/api/json') && r.authorization != basic('alice', o) ? [401, 'Unauthorized'] : null }
        'phase 3 (whoAmI with the new token)'  | 'the network cut'              | 5    | true         | 'the old one still works'              | { r, o -> r.pathQuery.endsWith('whoAmI/api/json') && r.authorization != basic('alice', o) ? 'cut' : null }
        'phase 4 (revoking the old token)'     | 'revoke answers 400'           | 1    | true         | 'revoke it with self revoke uuid='     | { r, o -> r.pathQuery.endsWith('/revoke') ? [400, 'No token with that uuid'] : null }
        'phase 4 (revoking the old token)'     | 'the network cut'              | 5    | true         | 'the old one still works too'          | { r, o -> r.pathQuery.endsWith('/revoke') ? 'cut' : null }
        'phase 4 (revoking the old token)'     | 'the check after it unclear'   | 5    | true         | 'check the old one on your user'       | afterRevoke { r, o -> r.pathQuery.endsWith('whoAmI/api/json') ? [503, 'restarting'] : null }
    }

    /** An interception that starts once the revoke has gone through. */
    static Closure afterRevoke(Closure then) {
        boolean revoked = false
        return { r, o ->
            if (revoked) {
                return then.call(r, o)
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
        String old = generated()
        proxy.intercept = { RecordingProxy.Recorded r -> if (r.pathQuery.endsWith('generateNewToken')) { spoilOutput() }; null }

        when:
        int exit = launch('alice', old, ['self', 'rotate', 'uuid=' + tokens('alice').tokenList.find { it.name == 'laptop' }.uuid, 'name=laptop',
                                         '--output', file.path])

        then:
        exit == 1
        err.toString('UTF-8').startsWith("api-token-kit: rotation stopped at phase 2 (writing ${file.path})")
        err.toString('UTF-8').contains('the new token was revoked again; the old one still works')
        works('alice', old)
        names('alice') == ['laptop', 'login']
    }

    def 'self generate --output that cannot be written: a failure, and the value shown once instead, never lost'() {
        given:
        String login = newToken('alice', 'login')
        proxy.intercept = { RecordingProxy.Recorded r -> if (r.pathQuery.endsWith('generateNewToken')) { spoilOutput() }; null }

        when:
        int exit = launch('alice', login, ['self', 'generate', 'name=laptop', '--output', file.path, '--json'])
        Map json = new JsonSlurper().parseText(out.toString('UTF-8').readLines()[0]) as Map

        then:
        exit == 1
        json.ok == false
        json.error.contains('the token was made, and its value is shown instead')
        works('alice', json.result.value as String)
        out.toString('UTF-8').count(json.result.value as String) == 1
    }

    static String basic(String user, String secret) {
        'Basic ' + "${user}:${secret}".bytes.encodeBase64()
    }

    def 'self rotate needs --output, and the old token\'s uuid from uuid= or the file beside it'() {
        given:
        String login = newToken('alice', 'login')

        expect:
        launch('alice', login, ['self', 'rotate', 'name=x', 'uuid=u']) == 2
        err.toString('UTF-8').contains('self rotate needs --output FILE')
        launch('alice', login, ['self', 'rotate', '--output', file.path]) == 2
        err.toString('UTF-8').contains("self rotate needs the old token's uuid= and name=, or the ${file.path}.uuid")
        names('alice') == ['login']
    }

    def 'rotate-api-token --output rotates in phases: the previous token goes only once the new one works'() {
        given:
        String admin = newToken('admin', 'launcher')
        String previous = newToken('bob', 'deploy')
        proxy.recorded.clear()

        when:
        int exit = launch('admin', admin, ['rotate-api-token', 'user=bob', 'name=deploy', '--output', file.path])
        String fresh = file.exists() ? file.text.trim() : ''
        List<String> calls = proxy.recorded.collect { it.method + ' ' + it.pathQuery.replaceFirst(/^\/jenkins\//, '') }

        then:
        [exit, err.toString('UTF-8')] == [0, '']
        works('bob', fresh) && !works('bob', previous)
        names('bob') == ['deploy']
        calls == ['POST scriptText', 'GET whoAmI/api/json', 'POST scriptText']
        proxy.recorded[1].authorization == basic('bob', fresh)
        new JsonSlurper().parseText(new File(file.path + '.uuid').text).name == 'deploy'
        out.toString('UTF-8').contains('in phases')
        !out.toString('UTF-8').contains(fresh)
    }

    def 'a dry run with --output, however dryRun is spelled, is the script\'s own: it says it would revoke the previous token'() {
        given:
        String admin = newToken('admin', 'launcher')
        newToken('bob', 'deploy')

        expect:
        launch('admin', admin, ['rotate-api-token', 'user=bob', 'name=deploy', 'dryRun= TRUE', '--output', file.path]) == 0
        out.toString('UTF-8').contains('then revoke 1 previous token. Nothing changed.')
        !file.exists()
        names('bob') == ['deploy']
    }

    def 'graceDays does not go with --output (the proof would end the grace), nor does plain HTTP to another machine'() {
        given:
        String admin = newToken('admin', 'launcher')
        String previous = newToken('bob', 'deploy')

        expect:
        launch('admin', admin, ['rotate-api-token', 'user=bob', 'name=deploy', 'graceDays=5', '--output', file.path]) == 2
        err.toString('UTF-8').contains('graceDays does not go with --output')
        launch('admin', admin, ['rotate-api-token', 'user=bob', 'name=deploy', 'graceDays=-0x', '--output', file.path]) == 2
        Main.run(['--url', 'http://192.0.2.1/jenkins/', 'rotate-api-token', 'user=bob', 'name=deploy', '--output', file.path] as String[],
                new PrintStream(out, true, 'UTF-8'), new PrintStream(err, true, 'UTF-8'), [JENKINS_USER_ID: 'admin', JENKINS_API_TOKEN: admin], null) == 2
        err.toString('UTF-8').contains('a rotation in phases proves the new token by sending it, which plain HTTP to 192.0.2.1 would expose: use HTTPS')
        names('bob') == ['deploy'] && works('bob', previous)
        !file.exists()
        folder.root.list() as List == []
    }

    def 'self rotate given the wrong uuid: Jenkins answers revoke the same, but the old value still works, so it fails in phase 4'() {
        given:
        String old = generated()

        when:
        int exit = launch('alice', old, ['self', 'rotate', 'uuid=00000000-0000-0000-0000-000000000000', '--output', file.path])

        then:
        exit == 1
        err.toString('UTF-8').startsWith('api-token-kit: rotation stopped at phase 4 (revoking the old token): the token ' + file.path +
                ' held still authenticates, so uuid 00000000-0000-0000-0000-000000000000 was not its uuid')
        works('alice', old) && works('alice', file.text.trim())
    }

    @Unroll
    def 'rotate-api-token --output stopped at #phase (#how): exit #code, the previous token still works'() {
        given:
        String admin = newToken('admin', 'launcher')
        String previous = newToken('bob', 'deploy')
        int posts = 0
        proxy.intercept = { RecordingProxy.Recorded r ->
            posts += r.method == 'POST' ? 1 : 0
            phase.startsWith('phase 3') ? (r.pathQuery.endsWith('whoAmI/api/json') ? answer : null) : (r.method == 'POST' && posts == 2 ? answer : null)
        }

        when:
        int exit = launch('admin', admin, ['rotate-api-token', 'user=bob', 'name=deploy', '--output', file.path])

        then:
        exit == code
        err.toString('UTF-8').startsWith("api-token-kit: rotation stopped at ${phase}")
        err.toString('UTF-8').contains('the previous ones still work')
        works('bob', previous)
        works('bob', file.text.trim())
        names('bob') == ['deploy', 'deploy']

        where:
        phase                                                | how                      | code | answer
        'phase 3 (whoAmI with the new token)'                | 'the new token refused'  | 4    | [401, 'Unauthorized']
        'phase 4 (revoking the previous token'               | 'the network cut'        | 5    | 'cut'
    }
}
