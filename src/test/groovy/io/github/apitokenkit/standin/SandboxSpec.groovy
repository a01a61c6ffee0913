package io.github.apitokenkit.standin

import io.github.apitokenkit.support.Http
import org.junit.Rule
import org.junit.rules.TemporaryFolder
import spock.lang.Specification

import java.util.concurrent.TimeUnit

/** The sandbox as a person runs it: a separate process, stopped by a signal, its home kept between runs. */
class SandboxSpec extends Specification {
    @Rule TemporaryFolder folder = new TemporaryFolder()

    def 'it serves admin and alice, stops on SIGTERM with status 0, and keeps its state on the same home'() {
        given:
        File home = new File(folder.root, 'home')

        when: 'a first run creates a token for alice'
        Sandbox first = Sandbox.start(home)
        Http admin = new Http(first.url, 'admin', 'admin')
        String crumb = admin.get('crumbIssuer/api/json').json.crumb
        String value = generateForAlice(first.url)

        then: 'admin administers, alice only reads'
        admin.post('scriptText', [script: 'print "up"'], ['Jenkins-Crumb': crumb]).body == 'up'
        new Http(first.url, 'alice', 'alice').get('scriptText').status == 403
        value ==~ /11[0-9a-f]{32}/

        when:
        int status = first.stop()

        then:
        status == 0
        first.output.contains('Sandbox stopped.')

        when: 'a second run on the same home knows the token'
        Sandbox second = Sandbox.start(home)

        then:
        new Http(second.url, 'alice', value).get('whoAmI/api/json').json.name == 'alice'

        cleanup:
        second?.stop()
    }

    def 'without a home it uses a temporary one and deletes it at stop'() {
        when:
        Sandbox sandbox = Sandbox.start(null)
        File home = new File(sandbox.output.find(/JENKINS_HOME (\S+)/) { all, path -> path })

        then:
        home.directory

        when:
        sandbox.stop()

        then:
        !home.exists()
    }

    def 'a bad command line is a usage error'() {
        when:
        Process process = new ProcessBuilder(Sandbox.command(['--port', 'eighty'])).redirectErrorStream(true).start()

        then:
        process.waitFor(30, TimeUnit.SECONDS)
        process.exitValue() == 2
        process.inputStream.text.contains('usage: Sandbox --port PORT [--home JENKINS_HOME]')
    }

    private static String generateForAlice(URL url) {
        Http alice = new Http(url, 'alice', 'alice')
        String crumb = alice.get('crumbIssuer/api/json').json.crumb
        return alice.post('me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken', [newTokenName: 'sandbox'],
                ['Jenkins-Crumb': crumb]).json.data.tokenValue
    }

    /** A sandbox process on a free port; its output is read until it prints its URL. */
    static class Sandbox {
        Process process
        URL url
        StringBuffer output = new StringBuffer()
        Thread reader

        static List<String> command(List<String> args) {
            String java = new File(System.getProperty('java.home'), 'bin/java').path
            [java, '--add-opens', 'java.base/java.lang=ALL-UNNAMED', '--add-opens', 'java.base/java.io=ALL-UNNAMED',
             '--add-opens', 'java.base/java.util=ALL-UNNAMED', '-cp', System.getProperty('java.class.path'),
             'io.github.apitokenkit.standin.Sandbox'] + args
        }

        static Sandbox start(File home) {
            List<String> args = ['--port', String.valueOf(freePort())] + (home == null ? [] : ['--home', home.path])
            Sandbox sandbox = new Sandbox(process: new ProcessBuilder(command(args)).redirectErrorStream(true).start())
            BufferedReader reader = new BufferedReader(new InputStreamReader(sandbox.process.inputStream, 'UTF-8'))
            String line
            while ((line = reader.readLine()) != null) {
                sandbox.output.append(line).append('\n')
                if (line.startsWith('Logins:')) {
                    break
                }
            }
            sandbox.url = new URL(sandbox.output.find(/sandbox at (\S+)/) { all, u -> u })
            sandbox.reader = Thread.start { reader.eachLine { sandbox.output.append(it).append('\n') } }
            return sandbox
        }

        /** Sends SIGTERM, waits for the process to end and for all of its output; its exit status. */
        int stop() {
            // Process.destroy() would also close our end of the pipe; the handle only sends the signal.
            process.toHandle().destroy()
            assert process.waitFor(60, TimeUnit.SECONDS)
            reader.join()
            return process.exitValue()
        }

        private static int freePort() {
            new ServerSocket(0).withCloseable { it.localPort }
        }
    }
}
