package io.github.apitokenkit.launcher

import groovy.json.JsonSlurper
import io.github.apitokenkit.support.Command
import io.github.apitokenkit.support.HttpSpecification
import jenkins.security.ApiTokenProperty
import hudson.model.User
import org.junit.Rule
import org.junit.rules.TemporaryFolder

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

/**
 * render and open: any other client posts the text render prints (here the system's curl) and gets what the launcher
 * would have got, values sealed for the key render wrote. Posted with curl and python-jenkins to every controller,
 * real ones too: {@link io.github.apitokenkit.controllers.ClientsBehaviour}.
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

    File rendered(List<String> args) {
        assert launch(['render'] + args) == 0: err.toString('UTF-8')
        File text = folder.newFile()
        text.setText(out.toString('UTF-8'), 'UTF-8')
        text
    }

    def 'a script that prints values is not rendered without --key, unless --plaintext asks for them bare'() {
        when:
        int refused = launch(['render', 'create-api-token', 'user=alice', 'name=x'])
        String refusal = err.toString('UTF-8')
        File text = rendered(['create-api-token', 'user=alice', 'name=bare', '--plaintext'])
        String answer = Command.run(['curl', '-s', '-u', "admin:${adminToken}".toString(), '--data-urlencode', "script@${text.path}".toString(),
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
        answer.text = Command.run(['curl', '-s', '-u', "admin:${adminToken}".toString(), '--data-urlencode', "script@${text.path}".toString(),
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
        String answer = Command.run(['curl', '-s', '-u', "admin:${adminToken}".toString(), '--data-urlencode', "script@${text.path}".toString(),
                             "${url}scriptText".toString()])

        then:
        !answer.contains('d' * 32)
        answer.contains('ERROR: this script printed a token value')
    }

    def 'the script and its parameters travel gzipped: each posted text is well under its script, and decodes to the script itself'() {
        when:
        Map<String, Double> sizes = Main.BUNDLED_SCRIPTS.collectEntries { String name ->
            String script = Inputs.bundledScript(name)
            String posted = RemoteScript.build(name, script, [:], RemoteScript.newNonce(), new Sealer().publicKey())
            assert new JsonSlurper().parseText(RemoteScript.payload(posted)).script == script
            [(name): posted.length() / script.length()]
        }

        then: 'posted without gzip, the base64 of its JSON alone is 4/3 of the script'
        sizes.findAll { name, share -> share > 2 / 3 } == [:]
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
        answer.text = Command.run(['curl', '-s', '-u', "admin:${adminToken}".toString(), '--data-urlencode', "script@${text.path}".toString(),
                           "${url}scriptText".toString()])

        expect:
        launch(['open', cut.path]) == ExitCode.NETWORK
        err.toString('UTF-8').startsWith('api-token-kit: the answer was cut off before the script\'s result')
        launch(['open', answer.path, '--key', other.path]) == ExitCode.SCRIPT_FAILED
        err.toString('UTF-8').contains('does not open with this key')
    }
}
