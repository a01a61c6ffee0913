package io.github.apitokenkit.launcher

import io.github.apitokenkit.support.RecordingProxy
import org.junit.Rule
import org.junit.rules.TemporaryFolder
import spock.lang.Specification
import spock.lang.Unroll

/**
 * No message carries a secret: each failure path that quotes an answer is driven with an answer that holds the
 * caller's password (not shaped like a token), the token value it sends (seed-api-token's), and both URL-encoded; in
 * text, --json, --verbose and on a fleet, the output shows none of them, and shows that it quoted the answer (paths
 * that quote nothing, a 500 or 502 or an answer without the envelope, have nothing to scrub).
 */
class ScrubberSpec extends Specification {
    static final String PASSWORD = 'correct horse+battery/staple'
    static final String SEED = '11' + 'c0ffee00' * 4

    @Rule TemporaryFolder folder = new TemporaryFolder()
    RecordingProxy relay = new RecordingProxy(new URL('http://127.0.0.1:9/jenkins/'))
    ByteArrayOutputStream out = new ByteArrayOutputStream()
    ByteArrayOutputStream err = new ByteArrayOutputStream()

    def cleanup() {
        relay.close()
    }

    /** The answer every failure path quotes: the secrets as they are and as a form would encode them. */
    static String hostile() {
        "boom ${PASSWORD} ${SEED} ${URLEncoder.encode(PASSWORD, 'UTF-8')}"
    }

    /** The relay answers as Jenkins for whoAmI and the crumb, and with {@code answer} for the request aimed at. */
    void answer(String aimedAt, List answer) {
        relay.intercept = { RecordingProxy.Recorded r ->
            if (r.pathQuery.contains(aimedAt)) {
                return answer
            }
            if (r.pathQuery.endsWith('whoAmI/api/json')) {
                return [200, '{"_class":"hudson.security.WhoAmI","anonymous":false,"authenticated":true,"authorities":["authenticated"],"name":"admin"}']
            }
            if (r.pathQuery.contains('crumbIssuer')) {
                return [200, '{"_class":"hudson.security.csrf.DefaultCrumbIssuer","crumb":"' + 'ab' * 32 + '","crumbRequestField":"Jenkins-Crumb"}']
            }
            [404, 'Not Found']
        }
    }

    @Unroll
    def 'an answer quoted by #path (#mode) shows neither the password nor the value sent, in any form'() {
        given:
        answer(aimedAt, answered)
        File seed = new File(folder.root, 'seed')
        seed.text = SEED + '\n'
        List<String> urls = mode == 'a fleet' ? ['--url', relay.url.toString(), '--url', relay.url.toString().replace('127.0.0.1', 'localhost')]
                : ['--url', relay.url.toString()]
        List<String> options = mode == '--json' ? ['--json'] : mode == '--verbose' ? ['--verbose'] : []

        when:
        int exit = Main.run((urls + options + args + ['--param-file', "value=${seed}".toString()].findAll { args[0] == 'seed-api-token' }) as String[],
                new PrintStream(out, true, 'UTF-8'), new PrintStream(err, true, 'UTF-8'), [JENKINS_USER_ID: 'admin', JENKINS_API_TOKEN: PASSWORD], null)
        String said = out.toString('UTF-8') + err.toString('UTF-8')

        then:
        exit != 0
        said.contains('<redacted>')
        [PASSWORD, SEED, SEED.substring(2), URLEncoder.encode(PASSWORD, 'UTF-8'), 'horse+battery', 'horse%2Bbattery'].every { !said.contains(it) }

        where:
        [path, aimedAt, answered, args, mode] << [
                ['scriptText refusing with 400', 'scriptText', [400, hostile()], ['list-api-tokens']],
                ['seed-api-token\'s scriptText refusing with 400', 'scriptText', [400, hostile()], ['seed-api-token', 'user=svc', 'name=x']],
                ['generateNewToken refusing', 'generateNewToken', [200, '{"status":"error","message":"' + hostile() + '"}'], ['self', 'generate', 'name=x']],
                ['generateNewToken answering no JSON', 'generateNewToken', [200, hostile()], ['self', 'generate', 'name=x']],
                ['rename refusing', '/rename', [200, '{"status":"error","message":"' + hostile() + '"}'], ['self', 'rename', 'uuid=u', 'name=x']],
        ].collectMany { row -> ['text', '--json', '--verbose', 'a fleet'].findAll { it != 'a fleet' || row[3][0] != 'self' }.collect { row + [it] } }
    }
}
