package io.github.apitokenkit.launcher

import groovy.json.JsonSlurper
import io.github.apitokenkit.support.HttpSpecification
import jenkins.security.ApiTokenProperty
import hudson.model.User
import org.junit.Rule
import org.junit.rules.TemporaryFolder

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

/**
 * render and open: any other client posts the text render prints (here the system's curl, and python-jenkins as
 * Debian packages it) and gets what the launcher would have got, values sealed for the key render wrote.
 */
class RenderSpec extends HttpSpecification {
    @Rule TemporaryFolder folder = new TemporaryFolder()
    ByteArrayOutputStream out = new ByteArrayOutputStream()
    ByteArrayOutputStream err = new ByteArrayOutputStream()
    String adminToken

    def setup() {
        adminToken = newToken('admin', 'render')
        User.getById('alice', true).getProperty(ApiTokenProperty).generateNewToken('laptop')
    }

    int launch(List<String> args) {
        out.reset()
        err.reset()
        Main.run(args as String[], new PrintStream(out, true, 'UTF-8'), new PrintStream(err, true, 'UTF-8'),
                [JENKINS_URL: url.toString(), JENKINS_USER_ID: 'admin', JENKINS_API_TOKEN: adminToken], null)
    }

    /** Runs a command of this machine with the answer's text on stdout. */
    static String run(List<String> command) {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start()
        String output = process.inputStream.getText('UTF-8')
        String errors = process.errorStream.getText('UTF-8')
        assert process.waitFor() == 0: errors
        output
    }

    File rendered(List<String> args) {
        assert launch(['render'] + args) == 0: err.toString('UTF-8')
        File text = folder.newFile()
        text.setText(out.toString('UTF-8'), 'UTF-8')
        text
    }

    def 'a read-only script rendered and posted with curl answers what the launcher answers'() {
        given:
        File text = rendered(['list-api-tokens', 'user=alice'])

        when:
        File answer = folder.newFile()
        answer.text = run(['curl', '-s', '-u', "admin:${adminToken}".toString(), '--data-urlencode', "script@${text.path}".toString(),
                           "${url}scriptText".toString()])
        launch(['open', answer.path, '--json'])
        Map opened = new JsonSlurper().parseText(out.toString('UTF-8')) as Map
        launch(['--json', 'list-api-tokens', 'user=alice'])
        Map direct = new JsonSlurper().parseText(out.toString('UTF-8')) as Map

        then:
        opened.ok
        opened.url == null
        opened.result == direct.result
        opened.result.tokens*.name == ['laptop']
        !text.text.contains('alice') // the parameter travels as data, inside the base64 payload
    }

    def 'a created value is sealed for --key (a 0600 file): python-jenkins posts the text, open reveals the value'() {
        given:
        File key = new File(folder.root, 'render.key')
        File text = rendered(['create-api-token', 'user=alice', 'name=from-python', '--key', key.path])
        File python = new File('bin/bench/python_jenkins_run.py')
        File token = folder.newFile()
        token.text = adminToken

        when:
        File answer = folder.newFile()
        answer.text = run(['/usr/bin/python3', '-c', 'import sys, jenkins; ' +
                'print(jenkins.Jenkins(sys.argv[1], username="admin", password=open(sys.argv[2]).read()).run_script(open(sys.argv[3]).read()), end="")',
                url.toString(), token.path, text.path])
        int opened = launch(['open', answer.path, '--key', key.path, '--json'])
        String complaint = err.toString('UTF-8')
        Map result = (new JsonSlurper().parseText(out.toString('UTF-8')) as Map).result as Map

        then:
        complaint == ''
        python.file
        Files.getPosixFilePermissions(key.toPath()) == PosixFilePermissions.fromString('rw-------')
        !answer.text.contains(result.value.toString().substring(2))
        opened == 0
        result.value ==~ /11[0-9a-f]{32}/
        User.getById('alice', false).getProperty(ApiTokenProperty).tokenStore.findMatchingToken(result.value).name == 'from-python'
    }

    def 'a script that prints values is not rendered without --key, unless --plaintext asks for them bare'() {
        when:
        int refused = launch(['render', 'create-api-token', 'user=alice', 'name=x'])
        String refusal = err.toString('UTF-8')
        File text = rendered(['create-api-token', 'user=alice', 'name=bare', '--plaintext'])
        String answer = run(['curl', '-s', '-u', "admin:${adminToken}".toString(), '--data-urlencode', "script@${text.path}".toString(),
                             "${url}scriptText".toString()])

        then:
        refused == ExitCode.USAGE
        refusal.trim() == 'api-token-kit: create-api-token prints token values: give --key FILE (a new private key is written there for open), ' +
                'or --plaintext to have them in the script\'s output as it is'
        answer =~ /Token value, shown this once: 11[0-9a-f]{32}/
    }

    def 'render never replaces a key file, and open without the key says which to give instead of giving up the value'() {
        given:
        File key = new File(folder.root, 'kept.key')
        File text = rendered(['create-api-token', 'user=alice', 'name=kept', '--key', key.path])
        String written = key.text
        File answer = folder.newFile()
        answer.text = run(['curl', '-s', '-u', "admin:${adminToken}".toString(), '--data-urlencode', "script@${text.path}".toString(),
                           "${url}scriptText".toString()])

        expect:
        launch(['render', 'create-api-token', 'user=alice', 'name=again', '--key', key.path]) == ExitCode.USAGE
        err.toString('UTF-8').contains('exists: render writes a new key and never replaces one')
        key.text == written
        launch(['open', answer.path]) == ExitCode.USAGE
        err.toString('UTF-8').contains('the answer holds 1 sealed token value(s): give --key FILE, the file render wrote for it')
        launch(['open', answer.path, '--key', key.path]) == 0
    }

    def 'a rendered script whose header says "Secrets: none" gets no plaintext leave: it still refuses to print a value'() {
        given:
        File liar = folder.newFile('liar.groovy')
        liar.text = '/*\n * Secrets:    none printed\n */\n' +
                "new ApiTokenKit(binding).run([:], ['text']) { kit, p -> [result: [changed: false], text: kit.secret('11' + 'd' * 32) + '\\n'] }\nnull\n" +
                new File('scripts/lib/runtime.groovy').getText('UTF-8')
        File text = rendered([liar.path])

        when:
        String answer = run(['curl', '-s', '-u', "admin:${adminToken}".toString(), '--data-urlencode', "script@${text.path}".toString(),
                             "${url}scriptText".toString()])

        then:
        !answer.contains('d' * 32)
        answer.contains('ERROR: this script printed a token value')
    }

    def 'help render and help open say how, with an example'() {
        expect:
        ['render', 'open'].every { String command ->
            launch(['help', command]) == 0 && out.toString('UTF-8').contains('never template values into a script') &&
                    out.toString('UTF-8').contains('--data-urlencode script@create.groovy')
        }
    }

    def 'open says what went wrong: no envelope, or a key that does not open the values'() {
        given:
        File cut = folder.newFile()
        cut.text = 'Created API token'
        File key = new File(folder.root, 'one.key')
        File other = new File(folder.root, 'other.key')
        File text = rendered(['create-api-token', 'user=alice', 'name=k', '--key', key.path])
        launch(['render', 'create-api-token', 'user=alice', 'name=unused', '--key', other.path]) // only writes another key
        File answer = folder.newFile()
        answer.text = run(['curl', '-s', '-u', "admin:${adminToken}".toString(), '--data-urlencode', "script@${text.path}".toString(),
                           "${url}scriptText".toString()])

        expect:
        launch(['open', cut.path]) == ExitCode.NETWORK
        err.toString('UTF-8').startsWith('api-token-kit: the answer was cut off before the script\'s result')
        launch(['open', answer.path, '--key', other.path]) == ExitCode.SCRIPT_FAILED
        err.toString('UTF-8').contains('does not open with this key')
    }
}
