package io.github.apitokenkit.standin

import io.github.apitokenkit.standin.ConsoleLayout
import io.github.apitokenkit.support.Http
import io.github.apitokenkit.support.SandboxProcess
import org.junit.Rule
import org.junit.rules.TemporaryFolder
import spock.lang.Specification

import java.time.Instant
import java.util.concurrent.TimeUnit
import java.util.logging.Level
import java.util.logging.LogRecord

/** The sandbox as a person runs it: a separate process, stopped by a signal, its home kept between runs. */
class SandboxSpec extends Specification {
    @Rule TemporaryFolder folder = new TemporaryFolder()

    def 'it serves admin and alice, runs $JENKINS_HOME/init.groovy.d at every start as core does, stops on SIGTERM with status 0, and keeps its state on the same home'() {
        given: 'the kit\'s boot script and a file asking for a token for alice, generated into a 0600 file'
        File home = new File(folder.root, 'home')
        new File(home, 'init.groovy.d').mkdirs()
        new File(home, 'init.groovy.d/50-seed-api-tokens.groovy').text = new File('init.groovy.d/50-seed-api-tokens.groovy').text
        new File(home, 'api-tokens.json').text = '{"tokens": [{"user": "alice", "name": "from-boot", "generate": true}]}'

        when: 'a first run boots, then creates a token for alice'
        SandboxProcess first = SandboxProcess.start(home)
        File generated = new File(home, 'secrets/api-tokens/alice-from-boot')
        String fromBoot = generated.text.trim()
        Http admin = new Http(first.url, 'admin', 'admin')
        String crumb = admin.get('crumbIssuer/api/json').json.crumb
        String value = generateForAlice(first.url)

        then: 'the boot provisioned; admin administers, alice only reads'
        first.output.contains("Ran ${new File(home, 'init.groovy.d')}: 50-seed-api-tokens.groovy")

        and: 'the kit\'s boot lines are in a real Jenkins\'s console layout (§20), and bin/demo\'s reader finds them'
        first.output.readLines().any { it ==~ /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\+0000 \[id=\d+\]\tINFO\t\S+#\S+: api-token-kit: alice\/from-boot generated into .*/ }
        kitLogLines(first.output.toString()).any { it.startsWith('api-token-kit: alice/from-boot generated into ') }
        new Http(first.url, 'alice', fromBoot).get('whoAmI/api/json').json.name == 'alice'
        admin.post('scriptText', [script: 'print "up"'], ['Jenkins-Crumb': crumb]).body == 'up'
        new Http(first.url, 'alice', 'alice').get('scriptText').status == 403
        value ==~ /11[0-9a-f]{32}/

        and: 'a text posted again is compiled again, as core compiles every run: clients timed against it pay alike'
        String counted = 'print io.github.apitokenkit.standin.CompiledScripts.compilations()'
        long before = admin.post('scriptText', [script: counted], ['Jenkins-Crumb': crumb]).body as long
        (admin.post('scriptText', [script: counted], ['Jenkins-Crumb': crumb]).body as long) == before + 1

        when:
        int status = first.stop()

        then:
        status == 0
        first.output.contains('Sandbox stopped.')

        when: 'a second run on the same home boots again'
        SandboxProcess second = SandboxProcess.start(home)

        then: 'it knows the token made over HTTP, and its boot found everything as the file says'
        new Http(second.url, 'alice', value).get('whoAmI/api/json').json.name == 'alice'
        second.output.contains("Ran ${new File(home, 'init.groovy.d')}: 50-seed-api-tokens.groovy")
        generated.text.trim() == fromBoot
        new Http(second.url, 'alice', fromBoot).get('whoAmI/api/json').json.name == 'alice'

        cleanup:
        second?.stop()
    }

    def '§20 a log record in the console layout of a real Jenkins: UTC time, thread id, level, shortened source, marked line breaks'() {
        given:
        LogRecord record = new LogRecord(level, message)
        record.longThreadID = 42
        record.instant = Instant.parse('2026-12-07T19:08:20.123Z')
        record.sourceClassName = source
        record.sourceMethodName = method
        record.loggerName = 'the.Logger'

        expect:
        new ConsoleLayout().format(record) == expected

        where:
        level         | message                 | source                                                     | method       || expected
        Level.INFO    | 'api-token-kit: 2 entries' | 'java_util_logging_Logger$info$0'                       | 'call'       || '2026-12-07 19:08:20.123+0000 [id=42]\tINFO\tjava_util_logging_Logger$info$0#call: api-token-kit: 2 entries\n'
        Level.WARNING | 'Failed to run script x' | 'jenkins.util.groovy.GroovyHookScript'                    | 'execute'    || '2026-12-07 19:08:20.123+0000 [id=42]\tWARNING\tj.util.groovy.GroovyHookScript#execute: Failed to run script x\n'
        Level.INFO    | 'NO JSP'                | 'org.eclipse.jetty.ee9.webapp.StandardDescriptorProcessor' | 'visitServlet' || '2026-12-07 19:08:20.123+0000 [id=42]\tINFO\to.e.j.e.w.StandardDescriptorProcessor#visitServlet: NO JSP\n'
        Level.WARNING | 'two\nlines\r\nthree\n'   | 'a.B'                                                      | 'm'          || '2026-12-07 19:08:20.123+0000 [id=42]\tWARNING\ta.B#m: two\n[LF]> lines\n[CRLF]> three\n\n'
        Level.SEVERE  | null                    | null                                                       | null         || '2026-12-07 19:08:20.123+0000 [id=42]\tSEVERE\tthe.Logger\n'
    }

    def 'bin/demo reads the kit\'s boot lines in the console layout of a real Jenkins and in java.util.logging\'s plain one'() {
        given:
        String console = '2026-12-07 19:15:12.175+0000 [id=43]\tINFO\tjava_util_logging_Logger$info$0#call: api-token-kit: 1 entries, nothing changed\n' +
                'Dec 07, 2026 7:11:23 PM java_util_logging_Logger$warning$1 call\nWARNING: api-token-kit: svc-ci/x: refused\n' +
                '2026-12-07 19:15:12.178+0000 [id=44]\tINFO\tjenkins.InitReactorRunner$1#onAttained: Completed initialization\n'

        expect:
        kitLogLines(console) == ['api-token-kit: 1 entries, nothing changed', 'api-token-kit: svc-ci/x: refused']
    }

    /** The kit's lines of a console log as bin/demo shows them (sandbox-lib.sh's kit_log_lines). */
    private List<String> kitLogLines(String console) {
        File log = folder.newFile()
        log.text = console
        Process process = new ProcessBuilder('bash', '-c', 'source bin/sandbox-lib.sh && kit_log_lines "$1"', 'demo', log.path).start()
        String lines = process.inputStream.getText('UTF-8')
        assert process.waitFor() == 0
        lines.readLines()
    }

    def 'a bad command line is a usage error'() {
        when:
        Process process = new ProcessBuilder(SandboxProcess.command(['--port', 'eighty'])).redirectErrorStream(true).start()

        then:
        process.waitFor(30, TimeUnit.SECONDS)
        process.exitValue() == 2
        process.inputStream.text.contains('usage: Sandbox --port PORT [--home JENKINS_HOME]')
    }

    def 'a port another program holds: one line naming the port and how to choose another, status 1'() {
        given:
        ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName('127.0.0.1'))

        when:
        Process process = new ProcessBuilder(SandboxProcess.command(['--port', String.valueOf(taken.localPort)])).redirectErrorStream(true).start()

        then:
        process.waitFor(60, TimeUnit.SECONDS)
        process.exitValue() == 1
        process.inputStream.text == "Sandbox: port ${taken.localPort} is taken by another program; choose another (--port, -Dsandbox.port, or DEMO_PORT for bin/demo)\n"

        cleanup:
        taken.close()
    }

    def 'without a home it uses a temporary one; it stops when the process that started it ends, as `mvn exec:exec` does when it is killed, and deletes that home'() {
        given: 'a shell starts the sandbox as its child, as mvn exec:exec does, and reports its pid and home once it serves'
        String command = SandboxProcess.command(['--port', String.valueOf(SandboxProcess.freePort())]).collect { "'" + it + "'" }.join(' ')
        String shell = "coproc SANDBOX { exec ${command} 2>&1; }\n" +
                'pid=$SANDBOX_PID\n' +
                'while read -r line <&"${SANDBOX[0]}"; do [[ $line == "JENKINS_HOME "* ]] && home=$line; [[ $line == Logins:* ]] && break; done\n' +
                'echo $pid\n' +
                'echo "$home"\n' +
                'cat <&"${SANDBOX[0]}" >/dev/null\n'
        Process parent = new ProcessBuilder('bash', '-c', shell).start()
        BufferedReader said = new BufferedReader(new InputStreamReader(parent.inputStream))
        long pid = said.readLine() as long
        String homeLine = said.readLine()
        File home = new File(homeLine.find(/^JENKINS_HOME (\S+) \(temporary, deleted at stop\)$/) { all, path -> path })
        def sandbox = parent.toHandle().children().filter { it.pid() == pid }.findFirst().get()

        expect:
        home.directory

        when: 'the parent is killed (SIGKILL: no chance to pass anything on)'
        parent.toHandle().destroyForcibly()

        then: 'the sandbox ends by itself, and its temporary home with it'
        sandbox.onExit().get(60, TimeUnit.SECONDS) != null
        !sandbox.alive
        !home.exists()
    }

    def 'an init script that aborts the boot stops the sandbox with one line, as it would stop Jenkins'() {
        given:
        File home = new File(folder.root, 'home')
        new File(home, 'init.groovy.d').mkdirs()
        new File(home, 'init.groovy.d/10-broken.groovy').text = 'assert 1 == 2\n'

        when:
        Process process = new ProcessBuilder(SandboxProcess.command(['--port', String.valueOf(SandboxProcess.freePort()), '--home', home.path]))
                .redirectErrorStream(true).start()
        String output = process.inputStream.text

        then:
        process.waitFor(60, TimeUnit.SECONDS)
        process.exitValue() == 1
        output.readLines().findAll { it.startsWith('Sandbox: ') } == ['Sandbox: 10-broken.groovy aborted the boot ' +
                '(org.codehaus.groovy.runtime.powerassert.PowerAssertionError: assert 1 == 2); Jenkins would not start either: fix it, then start again']
    }

    private static String generateForAlice(URL url) {
        Http alice = new Http(url, 'alice', 'alice')
        String crumb = alice.get('crumbIssuer/api/json').json.crumb
        return alice.post('me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken', [newTokenName: 'sandbox'],
                ['Jenkins-Crumb': crumb]).json.data.tokenValue
    }
}
