package io.github.apitokenkit.launcher

import io.github.apitokenkit.support.FakeServer
import io.github.apitokenkit.support.HttpSpecification
import io.github.apitokenkit.support.RawServer
import org.junit.Rule
import org.junit.rules.TemporaryFolder
import spock.lang.Unroll

/** Each way a call can fail: its exit code and one line that names the cause and the fix. */
class LauncherFailureSpec extends HttpSpecification {
    @Rule TemporaryFolder folder = new TemporaryFolder()
    ByteArrayOutputStream out = new ByteArrayOutputStream()
    ByteArrayOutputStream err = new ByteArrayOutputStream()
    FakeServer fake

    def cleanup() {
        fake?.close()
    }

    int launch(Map env, List<String> args) {
        Main.run(args as String[], new PrintStream(out, true, 'UTF-8'), new PrintStream(err, true, 'UTF-8'), env, null)
    }

    String line() {
        List<String> lines = err.toString('UTF-8').readLines().findAll { !it.contains('warning:') }
        assert lines.size() == 1: err.toString('UTF-8')
        return lines[0]
    }

    Map<String, String> env(String user, String secret, String at = url.toString()) {
        [JENKINS_URL: at, JENKINS_USER_ID: user, JENKINS_API_TOKEN: secret]
    }

    File script(String body) {
        File file = new File(folder.root, 'custom.groovy')
        file.text = body
        return file
    }

    def 'a wrong password: 4, naming the user and --auth'() {
        expect:
        launch(env('admin', 'not-the-password'), ['list-api-tokens']) == 4
        line() == "api-token-kit: authentication refused by ${url} (401): wrong user name or secret for 'admin'; check --auth"
    }

    def 'a wrong API token: 4'() {
        expect:
        launch(env('admin', '11' + '0' * 32), ['list-api-tokens']) == 4
        line().contains('(401): wrong user name or secret')
    }

    def 'no credentials at all: 4, saying how to give them'() {
        expect:
        launch([JENKINS_URL: url.toString()], ['list-api-tokens']) == 4
        line() == "api-token-kit: not logged in to ${url} (403): give --auth USER:API_TOKEN"
    }

    def 'a user who may not run scripts: 4, naming the permission'() {
        expect:
        launch(env('alice', newToken('alice')), ['list-api-tokens']) == 4
        line() == "api-token-kit: 'alice' denied on ${url}scriptText (403): missing the permission hudson.model.Hudson.Administer; ask an administrator for it"
    }

    def 'a user without permission on another user\'s token, through the endpoint Jenkins guards: 4'() {
        given:
        String uuid = tokens('alice').generateNewToken('x').tokenUuid
        Map bob = env('bob', newToken('bob'))

        when: 'bob calls the revoke endpoint of alice directly'
        int exit = 0
        try {
            new JenkinsClient(url, new Credentials('bob', bob.JENKINS_API_TOKEN.toCharArray()), 10, TlsSettings.DEFAULT, null)
                    .post('user/alice/descriptorByName/jenkins.security.ApiTokenProperty/revoke', [tokenUuid: uuid])
        } catch (LauncherException e) {
            new PrintStream(err, true, 'UTF-8').println('api-token-kit: ' + e.message)
            exit = e.exitCode
        }

        then:
        exit == 4
        line() == "api-token-kit: 'bob' denied on ${url}user/alice/descriptorByName/jenkins.security.ApiTokenProperty/revoke (403): missing the permission hudson.model.Hudson.Administer; ask an administrator for it"
        tokens('alice').tokenList*.uuid == [uuid]
    }

    def 'a URL that is not Jenkins: 3'() {
        given:
        fake = FakeServer.answering(200, ['Content-Type': 'text/plain'], 'hello')

        expect:
        launch(env('admin', 'admin', fake.url), ['list-api-tokens']) == 3
        line() == "api-token-kit: ${fake.url} does not answer like Jenkins (HTTP 200 without an X-Jenkins header for whoAmI/api/json): check --url"
    }

    def 'a login page instead of an answer: 3, pointing at the proxy'() {
        given:
        fake = FakeServer.answering(200, ['Content-Type': 'text/html'], '<html><form action="/sso/login"><input name="j_username"/></form></html>')

        expect:
        launch(env('admin', 'admin', fake.url), ['list-api-tokens']) == 3
        line().contains("answered with a login page, not Jenkins's API: a proxy or single sign-on sits in front")
    }

    def 'a URL without Jenkins\'s context path: 3, naming the context path'() {
        expect:
        launch(env('admin', 'admin', new URL(url, '/').toString()), ['list-api-tokens']) == 3
        line().contains('(404 for whoAmI/api/json): check that --url is Jenkins\'s root, context path included')
    }

    def 'a 405 from something that turns POST into GET: 3'() {
        given:
        fake = FakeServer.answering(405, ['X-Jenkins': '2.579', 'Content-Type': 'text/html'], '<html>Method Not Allowed</html>')

        expect:
        launch(env('admin', '11' + 'a' * 32, fake.url), ['list-api-tokens']) == 3
        line().contains('(405): something between us turns POST into GET')
    }

    def 'a 500 from Jenkins: 5, pointing at its log'() {
        given:
        fake = FakeServer.answering(500, ['X-Jenkins': '2.579', 'Content-Type': 'text/html'], '<h1>Oops!</h1>')

        expect:
        launch(env('admin', 'admin', fake.url), ['list-api-tokens']) == 5
        line().contains('failed with HTTP 500 on whoAmI/api/json: see the Jenkins log')
    }

    def 'a script that throws: 1, with its exception'() {
        given:
        File file = script('throw new IllegalStateException("broken on purpose")\n' + new File('scripts/lib/runtime.groovy').text)

        expect:
        launch(env('admin', newToken('admin')), ['run', file.path]) == 1
        line() == "api-token-kit: the script threw java.lang.IllegalStateException: broken on purpose"
    }

    def 'a script that does not compile: 1'() {
        expect:
        launch(env('admin', newToken('admin')), ['run', script('def x = ').path]) == 1
        line().startsWith("api-token-kit: the script threw org.codehaus.groovy.control.MultipleCompilationErrorsException: ")
    }

    def 'a script without the result envelope: 1, even when it printed something, naming the fix'() {
        expect:
        launch(env('admin', newToken('admin')), ['run', script('println "all fine, honestly"').path]) == 1
        line() == "api-token-kit: custom.groovy ended without reporting a result: a script run by the launcher must end with the kit's " +
                "runtime block (scripts/lib/runtime.groovy) and do its work in new ApiTokenKit(binding).run(...)"
    }

    def 'a script that reports a failure: 1, with its one line'() {
        expect:
        launch(env('admin', newToken('admin')), ['create-api-token', 'user=nobody', 'name=x']) == 1
        line() == "api-token-kit: no user 'nobody': the kit never creates users; check the id under Manage Jenkins > Users"
    }

    def 'a custom script that carries the runtime gets the same contract'() {
        given:
        File file = script("Map defaults = [who: '']\nnew ApiTokenKit(binding).run(defaults, ['text', 'json']) { ApiTokenKit kit, Map p -> [result: [hello: p.who, changed: false], text: 'hello ' + p.who + '\\n'] }\nnull\n" +
                new File('scripts/lib/runtime.groovy').text)

        expect:
        launch(env('admin', newToken('admin')), ['run', file.path, 'who=world']) == 0
        out.toString('UTF-8') == 'hello world\n'
    }

    def 'a server that never answers: 5 after --timeout'() {
        given:
        fake = FakeServer.silent()

        expect:
        launch(env('admin', 'admin', fake.url), ['--timeout', '1', 'list-api-tokens']) == 5
        line() == 'api-token-kit: no answer from 127.0.0.1 within 1 s: Jenkins is slow or unreachable; raise --timeout or check the network'
    }

    def 'a refused connection: 5'() {
        given:
        int port = new ServerSocket(0).withCloseable { it.localPort }

        expect:
        launch(env('admin', 'admin', "http://127.0.0.1:${port}/jenkins/"), ['list-api-tokens']) == 5
        line() == "api-token-kit: connection refused by 127.0.0.1:${port}: is Jenkins running there, on that port?"
    }

    def 'a certificate nobody vouched for: 5, naming --cacert; with --cacert or --insecure TLS passes'() {
        given:
        Map<String, File> tls = FakeServer.certificate(folder.root)
        fake = FakeServer.https(tls.keystore)

        expect:
        launch(env('admin', 'admin', fake.url), ['list-api-tokens']) == 5
        line().startsWith('api-token-kit: TLS failure with 127.0.0.1 (')
        line().endsWith('): for a private certificate authority give --cacert FILE')

        when: 'trusting the certificate, the TLS handshake passes and the answer is judged: it is not Jenkins'
        err.reset()
        int trusted = launch(env('admin', 'admin', fake.url), ['--cacert', tls.pem.path, 'list-api-tokens'])

        then:
        trusted == 3
        line().contains('does not answer like Jenkins')

        when:
        err.reset()
        int insecure = launch(env('admin', 'admin', fake.url), ['--insecure', 'list-api-tokens'])

        then:
        insecure == 3
        err.toString('UTF-8').contains('warning: --insecure: TLS certificates and host names are not checked')
    }

    def 'a proxy\'s 502 without X-Jenkins: 5, the controller is down, not the URL wrong'() {
        given:
        fake = FakeServer.answering(502, ['Content-Type': 'text/html'], '<html>Bad Gateway</html>')

        expect:
        launch(env('admin', 'admin', fake.url), ['list-api-tokens']) == 5
        line() == "api-token-kit: ${fake.url} answered HTTP 502 without reaching Jenkins: a proxy or load balancer in front says " +
                'Jenkins is down, starting or unreachable; retry later, or check Jenkins itself'
    }

    def 'a 302 to a login page: 3, saying where it was redirected'() {
        given:
        fake = FakeServer.answering(302, [Location: 'https://sso.example/login?from=%2F'], '')

        expect:
        launch(env('admin', 'admin', fake.url), ['list-api-tokens']) == 3
        line() == "api-token-kit: ${fake.url} redirected (302) to a login page, 'https://sso.example/login?from=%2F': a proxy or " +
                'single sign-on sits in front of Jenkins; use the URL Jenkins itself serves, with an API token'
    }

    def 'a 301 to https: 3, saying where to and to use https'() {
        given:
        fake = FakeServer.answering(301, [Location: 'https://ci.example/jenkins/whoAmI/api/json'], '')

        expect:
        launch(env('admin', 'admin', fake.url), ['list-api-tokens']) == 3
        line() == "api-token-kit: ${fake.url} redirected (301) to 'https://ci.example/jenkins/whoAmI/api/json': give Jenkins's own root URL as --url, with https"
    }

    def 'an answer cut off before the script\'s result: 5, a transport failure that may have left the change made'() {
        given:
        RawServer raw = new RawServer({ String method, String path, String body ->
            path.endsWith('whoAmI/api/json') ? RawServer.whoAmI() : RawServer.answer(200, ['Content-Type': 'text/plain'], 'Created API token', null)
        })

        when:
        int exit = launch(env('admin', '11' + 'a' * 32, raw.url), ['create-api-token', 'user=alice', 'name=x'])

        then:
        exit == 5
        line() == "api-token-kit: the answer was cut off before the script's result (17 characters arrived): a proxy or the network closed " +
                'the connection, or Jenkins restarted; whether the script finished is unknown, so check (list-api-tokens) before running it again'

        cleanup:
        raw.close()
    }

    def 'an answer cut off while Jenkins then restarts (whoAmI 503): still 5, "check before running it again", never "retry"'() {
        given:
        RawServer raw = new RawServer({ String method, String path, String body ->
            path.endsWith('whoAmI/api/json') ? RawServer.answer(503, ['Content-Type': 'text/html'], 'Service Unavailable', null)
                    : RawServer.answer(200, ['Content-Type': 'text/plain'], 'Created API token', null)
        })

        when:
        int exit = launch(env('admin', '11' + 'a' * 32, raw.url), ['create-api-token', 'user=alice', 'name=x'])

        then:
        exit == 5
        line().endsWith('whether the script finished is unknown, so check (list-api-tokens) before running it again')

        cleanup:
        raw.close()
    }

    def 'self revoke answered by a login page: 3, not a revocation reported done'() {
        given:
        fake = FakeServer.answering(200, ['Content-Type': 'text/html'], '<html><form action="/sso/login"><input name="j_username"/></form></html>')

        expect:
        launch(env('admin', '11' + 'a' * 32, fake.url), ['self', 'revoke', 'uuid=abc']) == 3
        line().contains("answered with a login page, not Jenkins's API")
    }

    def 'an answer cut off in the middle of the envelope: 5'() {
        given:
        RawServer raw = new RawServer({ String method, String path, String body ->
            path.endsWith('whoAmI/api/json') ? RawServer.whoAmI() :
                    RawServer.answer(200, ['Content-Type': 'text/plain'], "done\n@@api-token-kit-result@@ ${RawServer.nonce(body)} eyJvayI6", null)
        })

        expect:
        launch(env('admin', '11' + 'a' * 32, raw.url), ['list-api-tokens']) == 5
        line().startsWith("api-token-kit: the answer was cut off in the middle of the script's result")

        cleanup:
        raw.close()
    }

    def 'a body shorter than its Content-Length: 5, cut off'() {
        given:
        RawServer raw = new RawServer({ String method, String path, String body ->
            path.endsWith('whoAmI/api/json') ? RawServer.whoAmI() : RawServer.answer(200, ['Content-Type': 'text/plain'], 'partial', 1000)
        })

        expect:
        launch(env('admin', '11' + 'a' * 32, raw.url), ['list-api-tokens']) == 5
        line().startsWith("api-token-kit: the answer was cut off before the script's result (7 characters arrived)")

        cleanup:
        raw.close()
    }

    def 'sealed values that do not open: 1, one line that says what to do'() {
        given:
        RawServer raw = new RawServer({ String method, String path, String body ->
            if (path.endsWith('whoAmI/api/json')) {
                return RawServer.whoAmI()
            }
            String envelope = '{"ok":true,"result":{"value":"x"},"secrets":["AAAA"]}'.bytes.encodeBase64().toString()
            RawServer.answer(200, ['Content-Type': 'text/plain'], "@@api-token-kit-result@@ ${RawServer.nonce(body)} ${envelope}\n")
        })

        expect:
        launch(env('admin', '11' + 'a' * 32, raw.url), ['create-api-token', 'user=alice', 'name=x']) == 1
        line().startsWith("api-token-kit: the script ran, but its created token value 1 does not open with this key (")
        line().endsWith('); see its uuid with list-api-tokens and revoke it')

        cleanup:
        raw.close()
    }

    def 'a certificate for another host name: 5, saying the name does not match even with --cacert'() {
        given:
        Map<String, File> tls = FakeServer.certificate(folder.root, 'other.example')
        fake = FakeServer.https(tls.keystore)

        expect:
        launch(env('admin', 'admin', fake.url), ['--cacert', tls.pem.path, 'list-api-tokens']) == 5
        line().startsWith('api-token-kit: TLS failure with 127.0.0.1: the host name does not match its certificate (')
        line().endsWith('); use the host name the certificate was made for in --url')
    }

    def 'a certificate --cacert does not vouch for: 5, naming --cacert instead of suggesting it'() {
        given:
        fake = FakeServer.https(FakeServer.certificate(folder.root).keystore)
        File otherCa = FakeServer.certificate(new File(folder.root, 'other').with { mkdirs(); it }, 'other.example').pem

        expect:
        launch(env('admin', 'admin', fake.url), ['--cacert', otherCa.path, 'list-api-tokens']) == 5
        line().endsWith("): its certificate is not vouched for by --cacert ${otherCa.path}; give the certificate authority that signed it")
    }

    def 'an unexpected error in the launcher itself: 1, one line, no stack trace'() {
        given:
        PrintStream broken = new PrintStream(new OutputStream() {
            @Override
            void write(int b) { throw new IllegalStateException('disk full') }
        })

        when:
        int exit = Main.run(['list-api-tokens'] as String[], broken, new PrintStream(err, true, 'UTF-8'),
                env('admin', newToken('admin')), null)

        then:
        exit == 1
        line() == 'api-token-kit: unexpected java.lang.IllegalStateException: disk full; this is a launcher bug: please report it with the command that was run (no secrets)'
    }

    def 'a certificate past its dates: 5, saying so instead of suggesting --cacert'() {
        given:
        Map<String, File> tls = FakeServer.expiredCertificate(folder.root)
        fake = FakeServer.https(tls.keystore)

        expect:
        launch(env('admin', 'admin', fake.url), ['--cacert', tls.pem.path, 'list-api-tokens']) == 5
        line().startsWith('api-token-kit: TLS failure with 127.0.0.1: a certificate in its chain is out of its validity dates (')
        line().endsWith('); renew it on the server, or check this machine\'s clock')
    }

    @Unroll
    def 'HTTP #status from #who: #exit, #cause'() {
        given:
        fake = FakeServer.answering(status, headers, '<html>no</html>')

        expect:
        launch(env('admin', '11' + 'a' * 32, fake.url), ['list-api-tokens']) == exit
        line().startsWith('api-token-kit: ' + message.replace('URL', fake.url))

        where:
        status | headers                                 | who                   | exit | cause                 | message
        407    | [:]                                     | 'a proxy'             | 4    | 'its own credentials' | 'a proxy between here and URL wants its own credentials (407): give the JVM its proxy settings'
        429    | ['Retry-After': '30']                   | 'a rate limiter'      | 5    | 'retry later'         | 'URL is rate-limiting this client (429 on whoAmI/api/json): retry later, after 30 s'
        503    | ['X-Jenkins': '2.579']                  | 'a starting Jenkins'  | 5    | 'not ready'           | 'Jenkins at URL is not ready (503): it is starting, restarting or shutting down; retry when it is up'
        503    | [:]                                     | 'a load balancer'     | 5    | 'Jenkins unreachable' | 'URL answered HTTP 503 without reaching Jenkins'
        401    | [:]                                     | 'a proxy'             | 4    | 'credentials refused' | "authentication refused by URL (401): wrong user name or secret for 'admin'"
    }

    def 'an HTML page where the script\'s output should be: 3, something else answered'() {
        given:
        RawServer raw = new RawServer({ String method, String path, String body ->
            path.endsWith('whoAmI/api/json') ? RawServer.whoAmI() : RawServer.answer(200, ['Content-Type': 'text/html'], '<html><body>Please sign in</body></html>')
        })

        expect:
        launch(env('admin', '11' + 'a' * 32, raw.url), ['list-api-tokens']) == 3
        line() == "api-token-kit: the answer to scriptText is an HTML page, not the script's output: a proxy or single sign-on in front " +
                'answered instead of Jenkins; use the URL Jenkins itself serves'

        cleanup:
        raw.close()
    }
}
