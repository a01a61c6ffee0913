package io.github.apitokenkit.launcher

import groovy.json.JsonSlurper
import hudson.model.User
import io.github.apitokenkit.support.HttpSpecification
import io.github.apitokenkit.support.RecordingProxy
import io.github.apitokenkit.support.Transcripts
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import org.junit.Rule
import org.junit.rules.TemporaryFolder
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

/**
 * The launcher against the in-process stand-in over real HTTP, where a spec looks inside Jenkins (what its
 * ScriptListeners saw, its objects): secrets, --verbose, logins, prompts. Every bundled script end to end, --output,
 * --json and the self commands run on every controller, real ones too, in {@link io.github.apitokenkit.controllers.LauncherBehaviour}
 * and {@link io.github.apitokenkit.controllers.RotationBehaviour}.
 */
class LauncherSpec extends HttpSpecification {
    @Rule TemporaryFolder folder = new TemporaryFolder()
    ByteArrayOutputStream out = new ByteArrayOutputStream()
    ByteArrayOutputStream err = new ByteArrayOutputStream()
    String adminToken
    Transcripts transcripts

    def setup() {
        adminToken = newToken('admin', 'launcher')
        transcripts = Transcripts.listen()
    }

    int launch(Map env = [:], List<String> args) {
        out.reset()
        err.reset()
        Main.run(args as String[], new PrintStream(out, true, 'UTF-8'), new PrintStream(err, true, 'UTF-8'), env, null)
    }

    Map<String, String> asAdmin() {
        [JENKINS_URL: url.toString(), JENKINS_USER_ID: 'admin', JENKINS_API_TOKEN: adminToken]
    }

    String stdout() { out.toString('UTF-8') }

    String stderr() { err.toString('UTF-8') }

    def 'a created token is printed once, here; Jenkins only ever saw it sealed'() {
        when:
        int exit = launch(asAdmin(), ['create-api-token', 'user=bob', 'name=ci'])
        String value = stdout().find(/shown this once: (11[0-9a-f]{32})/) { all, v -> v }

        then:
        exit == 0
        User.getById('bob', false).getProperty(ApiTokenProperty).tokenStore.findMatchingToken(value) != null
        transcripts.seen.size() == 2
        !transcripts.mention(value.substring(2))
        transcripts.mention('<secret 1 of ')
    }

    def '--json prints the result as JSON, the value opened'() {
        when:
        launch(asAdmin(), ['--json', 'rotate-api-token', 'user=bob', 'name=ci', 'createIfMissing=true'])
        Map result = new JsonSlurper().parseText(stdout()).result

        then:
        result.user == 'bob'
        result.value ==~ /11[0-9a-f]{32}/
        result.revoked == []
    }

    def '--verbose shows requests and answers but never a credential or a token'() {
        when:
        launch(asAdmin(), ['--verbose', 'create-api-token', 'user=bob', 'name=ci'])
        String value = stdout().find(/11[0-9a-f]{32}/)
        String secret = 'admin:' + adminToken

        then:
        stderr().contains("> POST ${url}scriptText")
        stderr().contains('Authorization: Basic <redacted>')
        stderr().contains('< 200 X-Jenkins: ')
        !stderr().contains(adminToken)
        !stderr().contains(secret.bytes.encodeBase64().toString())
        !stderr().contains(value.substring(2))
    }

    def 'a password login fetches a crumb and keeps its session cookie; an API token needs neither'() {
        when:
        int byPassword = launch(['--url', url.toString(), '--auth', 'admin:admin', '--verbose', 'list-api-tokens'])
        String passwordLog = stderr()
        int byToken = launch(asAdmin() + [JENKINS_URL: url.toString()], ['--verbose', 'list-api-tokens'])
        String tokenLog = stderr()

        then:
        byPassword == 0
        passwordLog.contains("> GET ${url}crumbIssuer/api/json")
        passwordLog.contains('Jenkins-Crumb: <redacted>')
        passwordLog.contains('a secret given with --auth on the command line is visible to other local users')
        byToken == 0
        !tokenLog.contains('crumbIssuer')
        !tokenLog.contains('warning')
    }

    def 'a call that succeeds costs one request with an API token: whoAmI is asked only to explain a failure'() {
        when:
        int listed = launch(asAdmin(), ['--verbose', 'list-api-tokens'])
        List<String> requests = stderr().readLines().findAll { it.startsWith('> ') }
        int refused = launch([JENKINS_URL: url.toString(), JENKINS_USER_ID: 'admin', JENKINS_API_TOKEN: '11' + 'f' * 32], ['--verbose', 'list-api-tokens'])
        List<String> refusedRequests = stderr().readLines().findAll { it.startsWith('> ') }

        then:
        listed == 0
        requests.size() == 1
        requests[0].startsWith("> POST ${url}scriptText")
        refused == 4
        refusedRequests.collect { it.tokenize(' ')[0..2].join(' ').replaceFirst(/,$/, '') } == ["> POST ${url}scriptText".toString(), "> GET ${url}whoAmI/api/json".toString()]
        stderr().contains('authentication refused by')
    }

    def 'a known value is sent only after whoAmI shows Jenkins is there'() {
        given:
        File value = folder.newFile('seed.value')
        value.text = '11' + 'c' * 32

        when:
        int seeded = launch(asAdmin(), ['--verbose', '--param-file', "value=${value.path}".toString(), 'seed-api-token', 'user=bob', 'name=seeded'])
        List<String> requests = stderr().readLines().findAll { it.startsWith('> ') }.collect { it.tokenize(' ')[0..2].join(' ').replaceFirst(/,$/, '') }

        then:
        seeded == 0
        requests == ["> GET ${url}whoAmI/api/json".toString(), "> POST ${url}scriptText".toString()]
    }

    def 'the same controller given twice is refused before anything runs'() {
        expect:
        launch(asAdmin(), ['--url', url.toString(), '--url', url.toString().replaceFirst(/\/$/, ''), 'create-api-token', 'user=bob', 'name=twice']) == 2
        stderr().contains('is given twice: a script would run on it twice')
        !User.getById('bob', false)?.getProperty(ApiTokenProperty)?.tokenList*.name?.contains('twice')
    }

    def 'a script whose header says it prints no secret gets no sealing key; one that prints them gets a fresh one'() {
        when:
        launch(asAdmin(), ['list-api-tokens'])
        launch(asAdmin(), ['create-api-token', 'user=bob', 'name=ci'])
        List<Map> payloads = transcripts.seen.findAll { it.contains('apiTokenKitLaunch') }
                .collect { new JsonSlurper().parseText(RemoteScript.payload(it)) as Map }

        then:
        payloads*.name == ['list_api_tokens.groovy', 'create_api_tokens.groovy'.replace('tokens', 'token')]
        payloads[0].publicKey == null
        payloads[1].publicKey ==~ /[A-Za-z0-9+\/]{100,}={0,2}/
    }

    def 'a script that prints a value although its header says "Secrets: none" is refused, the value never shown'() {
        given:
        File script = folder.newFile('liar.groovy')
        script.text = '/*\n * Secrets:    none printed\n */\n' +
                "new ApiTokenKit(binding).run([:], ['text']) { kit, p -> [result: [:], text: kit.secret('11' + 'd' * 32) + '\\n'] }\nnull\n" +
                new File('scripts/lib/runtime.groovy').getText('UTF-8')

        when:
        int exit = launch(asAdmin(), ['run', script.path])

        then:
        exit == 1
        stderr().contains('the "Secrets:" line of its header says none, so the launcher sent no key to seal it with')
        !stdout().contains('d' * 32)
        !transcripts.seen.any { it.contains('d' * 32) && !it.contains('apiTokenKitLaunch') }
    }

    def 'credentials may come from a file'() {
        given:
        File credentials = new File(folder.root, 'auth')
        credentials.text = "admin:${adminToken}\n"

        expect:
        launch(['--url', url.toString(), '--auth', '@' + credentials.path, 'list-api-tokens']) == 0
        !stderr().contains('warning')
    }

    def 'with no credentials given and a terminal attached, the prompt\'s answer is used; given ones win over it'() {
        given:
        List<String> asked = []
        Main.Prompt prompt = { String at -> asked << at; new Credentials('admin', adminToken.toCharArray()) } as Main.Prompt

        when:
        int prompted = Main.run(['--url', url.toString(), 'list-api-tokens'] as String[], new PrintStream(out, true, 'UTF-8'),
                new PrintStream(err, true, 'UTF-8'), [:], prompt)

        then:
        prompted == 0
        asked == [url.toString()]

        when:
        asked.clear()
        int fromEnvironment = Main.run(['list-api-tokens'] as String[], new PrintStream(out, true, 'UTF-8'), new PrintStream(err, true, 'UTF-8'),
                asAdmin(), prompt)

        then:
        fromEnvironment == 0
        asked.isEmpty()
    }

    def 'an --output that cannot be written is refused before anything is created'() {
        when:
        int exit = launch(asAdmin(), ['--output', new File(folder.root, 'no/such/folder/x.token').path, 'create-api-token', 'user=bob', 'name=lost'])

        then:
        exit == 2
        stderr() == "api-token-kit: --output '${new File(folder.root, 'no/such/folder/x.token').path}': the folder ${new File(folder.root, 'no/such/folder')} does not exist\n"
        tokens('bob').tokenList.empty
    }

    def 'a seeded value can come from a file, unseen in the process list; given inline it is warned about'() {
        given:
        File value = new File(folder.root, 'value')
        value.text = '11' + 'd' * 32 + '\n'

        when:
        int fromFile = launch(asAdmin(), ['--param-file', 'value=' + value.path, 'seed-api-token', 'user=bob', 'name=seeded'])
        String fileWarnings = stderr()
        int inline = launch(asAdmin(), ['seed-api-token', 'user=bob', 'name=seeded', 'value=11' + 'd' * 32])

        then:
        fromFile == 0
        fileWarnings == ''
        inline == 0
        stdout().contains('already has this value: nothing changed')
        stderr().contains('a value given as value=... on the command line is visible to other local users')
    }

    def 'a seeded value travels in a field of its own: the script text Jenkins tells its listeners never holds it'() {
        given:
        String value = '11' + '5e' * 16
        File file = new File(folder.root, 'value')
        file.text = value + '\n'

        when:
        int exit = launch(asAdmin(), ['--param-file', 'value=' + file.path, 'seed-api-token', 'user=bob', 'name=seeded'])
        List<String> scripts = transcripts.seen.findAll { it.contains('api-token-kit launcher') }

        then:
        exit == 0
        scripts.size() == 1
        !transcripts.mention(value.substring(2))
        !RemoteScript.payload(scripts[0]).contains(value.substring(2))
        !scripts[0].contains(value.substring(2).bytes.encodeBase64().toString().take(20))
        User.getById('bob', false).getProperty(ApiTokenProperty).tokenStore.findMatchingToken(value)?.name == 'seeded'
    }

    def 'a leaked value never crosses the wire: what the launcher sent holds its SHA-256 alone, and the right token is revoked'() {
        given:
        String leaked = newToken('alice', 'leaked')
        newToken('alice', 'other')
        File found = new File(folder.root, 'found.txt')
        found.text = leaked + '\n'
        RecordingProxy proxy = new RecordingProxy(url)
        Map<String, String> env = asAdmin() + [JENKINS_URL: proxy.url.toString()]

        when:
        int exit = launch(env, ['--param-file', 'value=' + found.path, 'revoke-leaked-api-token', 'dryRun=false', '--json'])
        List<Map<String, String>> forms = proxy.recorded.findAll { it.method == 'POST' }*.form()
        String everything = proxy.recorded.collect { it.pathQuery + ' ' + URLDecoder.decode(it.body, 'UTF-8') }.join('\n')

        then:
        exit == 0
        forms.size() == 1
        forms[0].keySet() == ['script'] as Set
        new JsonSlurper().parseText(RemoteScript.payload(forms[0].script)).parameters ==
                [valueSha256: java.security.MessageDigest.getInstance('SHA-256').digest(leaked.substring(2).bytes).encodeHex().toString(), dryRun: 'false']
        !everything.contains(leaked.substring(2))
        !RemoteScript.payload(forms[0].script).contains(leaked.substring(2))
        !stdout().contains(leaked.substring(2))
        User.getById('alice', false).getProperty(ApiTokenProperty).tokenList*.name.sort() == ['other']

        cleanup:
        proxy?.close()
    }

    def 'a rendered seed keeps its value in the text, as a client that posts one field needs'() {
        when:
        int exit = launch(['render', 'seed-api-token', 'user=bob', 'name=seeded', 'value=11' + '5e' * 16])

        then:
        exit == 0
        RemoteScript.payload(stdout()).contains('5e' * 16)
    }

    def '--audit-log appends each change the scripts record, with the controller, as JSON lines in a 0600 file; never a value'() {
        given:
        File auditLog = new File(folder.root, 'audit.jsonl')

        when:
        int created = launch(asAdmin(), ['--audit-log', auditLog.path, 'create-api-token', 'user=bob', 'name=ci'])
        String value = stdout().find(/11[0-9a-f]{32}/)
        int dry = launch(asAdmin(), ['--audit-log', auditLog.path, 'revoke-api-tokens', 'user=bob', 'name=ci'])
        int revoked = launch(asAdmin(), ['--audit-log', auditLog.path, 'revoke-api-tokens', 'user=bob', 'name=ci', 'dryRun=false'])
        List<Map> lines = auditLog.readLines().collect { new JsonSlurper().parseText(it) as Map }

        then:
        [created, dry, revoked] == [0, 0, 0]
        lines.collect { [it.url, it.by, it.action, it.dryRun, it.user, it.name] } ==
                [[url.toString(), 'admin', 'create', false, 'bob', 'ci'], [url.toString(), 'admin', 'revoke', true, 'bob', 'ci'],
                 [url.toString(), 'admin', 'revoke', false, 'bob', 'ci']]
        lines*.uuid.unique().size() == 1
        value != null && !auditLog.text.contains(value) && !auditLog.text.contains(value.substring(2))
        Files.getPosixFilePermissions(auditLog.toPath()) == PosixFilePermissions.fromString('rw-------')
    }

    def '--audit-log that is a folder is refused before anything is sent'() {
        expect:
        launch(asAdmin(), ['--audit-log', folder.root.path, 'create-api-token', 'user=bob', 'name=ci']) == 2
        stderr().startsWith("api-token-kit: --audit-log '${folder.root.path}' must be a regular file you may write")
        User.getById('bob', false)?.getProperty(ApiTokenProperty)?.tokenList?.empty != false
    }

    @Unroll
    def 'audit-api-tokens with --fail-on #severity exits #exit: cron and monitoring read the exit code, not the text'() {
        given:
        tokens('alice').generateNewToken('expired', java.time.LocalDate.now().minusDays(1))

        when:
        int code = launch(asAdmin(), ['audit-api-tokens', 'user=alice'] + (severity ? ['--fail-on', severity] : []))

        then:
        code == exit
        stderr() == message
        stdout().contains("expired: expired on ${java.time.LocalDate.now().minusDays(1)}")

        where:
        severity   || exit | message
        null       || 0    | ''
        'critical' || 0    | ''
        'warning'  || 6    | 'api-token-kit: 1 finding at or above warning\n'
        'info'     || 6    | 'api-token-kit: 1 finding at or above info\n'
    }

    def 'with --json, the controller\'s object has the exit code the process exits with when its findings alert'() {
        given:
        tokens('alice').generateNewToken('expired', java.time.LocalDate.now().minusDays(1))

        when:
        int code = launch(asAdmin(), ['--json', '--fail-on', 'info', 'audit-api-tokens', 'user=alice'])
        Map printed = new JsonSlurper().parseText(stdout().readLines()[0]) as Map

        then:
        code == 6
        printed.exitCode == 6
        printed.ok == true
        printed.result.findings*.kind.contains('expired')
        printed.error == null
    }

    @Unroll
    def '--fail-on with #command is a usage error, and nothing is sent'() {
        expect:
        launch(asAdmin(), ['--fail-on', 'warning', command] + parameters) == 2
        stderr() == "api-token-kit: --fail-on judges the findings of audit-api-tokens, which '${command}' does not report: use it with audit-api-tokens\n"
        !User.getById('bob', false)?.getProperty(ApiTokenProperty)?.tokenList*.name?.contains('alerting')

        where:
        command            | parameters
        'list-api-tokens'  | ['user=alice']
        'create-api-token' | ['user=bob', 'name=alerting']
        'self'             | ['generate', 'name=alerting']
    }

    def '--fail-on takes a severity'() {
        expect:
        launch(asAdmin(), ['audit-api-tokens', '--fail-on', 'urgent']) == 2
        stderr() == "api-token-kit: --fail-on takes info, warning or critical, not 'urgent'\n"
    }

    def 'a --policy file with a key given twice is refused, naming the key, and nothing is sent'() {
        given:
        File policy = new File(folder.root, 'twice.json')
        policy.text = '{"maxLifetimeDays": 30, "requireExpiry": true, "maxLifetimeDays": 3650}'

        expect:
        launch(asAdmin(), ['--policy', policy.path, 'create-api-token', 'user=bob', 'name=twice']) == 2
        stderr() == "api-token-kit: --policy '${policy.path}': Malformed JSON at character 47: the key 'maxLifetimeDays' is given twice\n"
        !User.getById('bob', false)?.getProperty(ApiTokenProperty)?.tokenList*.name?.contains('twice')
    }

    def '--policy FILE holds every script that makes a token to one lifetime policy; other scripts are not concerned'() {
        given:
        File policy = new File(folder.root, 'policy.json')
        policy.text = '{"maxLifetimeDays": 30, "requireExpiry": true}'

        expect:
        launch(asAdmin(), ['--policy', policy.path, 'create-api-token', 'user=bob', 'name=forever']) == 1
        stderr() == 'api-token-kit: the lifetime policy (requireExpiry=true, maxLifetimeDays=30) refuses a token that never expires: ' +
                'give expires, at most 30 days from today\n'
        launch(asAdmin(), ['--policy', policy.path, 'create-api-token', 'user=bob', 'name=monthly', 'expires=30']) == 0
        launch(asAdmin(), ['--policy', policy.path, 'list-api-tokens', 'user=bob']) == 0
        stdout().contains('monthly')
        !stdout().contains('forever')
        launch(asAdmin(), ['--policy', policy.path, 'create-api-token', 'user=bob', 'name=x', 'requireExpiry=false']) == 2
        stderr() == 'api-token-kit: parameter requireExpiry is given twice: on the command line and in --policy\n'
    }

    @Unroll
    def '--policy with #what is refused before anything is sent'() {
        given:
        File policy = new File(folder.root, 'policy.json')
        policy.text = text

        expect:
        launch(asAdmin(), ['--policy', policy.path, 'create-api-token', 'user=bob', 'name=x', 'expires=1']) == 2
        stderr() == "api-token-kit: --policy '${policy.path}' must hold a JSON object like {\"maxLifetimeDays\": 90, \"requireExpiry\": true}\n"
        User.getById('bob', false).getProperty(ApiTokenProperty).tokenList.empty

        where:
        what              | text
        'not JSON'        | 'maxLifetimeDays=30'
        'an unknown key'  | '{"maxLifeDays": 30}'
        'a negative days' | '{"maxLifetimeDays": -1}'
        'a text boolean'  | '{"requireExpiry": "yes"}'
    }

    def 'self generate reports the expiry as an ISO date, like the scripts'() {
        when:
        launch([JENKINS_URL: url.toString(), JENKINS_USER_ID: 'alice', JENKINS_API_TOKEN: newToken('alice', 'auth')], ['self', 'generate', 'name=x', 'expires=30'])

        then:
        stdout().contains("expires ${java.time.LocalDate.now().plusDays(30)}.")
    }

    def 'a refused call leaves --output as it was: the old value it holds survives'() {
        given:
        File file = new File(folder.root, 'svc.token')
        file.text = 'the still-valid old value\n'
        Files.setPosixFilePermissions(file.toPath(), PosixFilePermissions.fromString('rw-r-----'))

        when: 'the rotation is refused (no token of that name)'
        int exit = launch(asAdmin(), ['--output', file.path, 'rotate-api-token', 'user=bob', 'name=missing'])

        then:
        exit == 1
        file.text == 'the still-valid old value\n'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.toPath())) == 'rw-r-----'
        folder.root.list().sort() == ['svc.token']
    }

    def 'a value replaces the file in one move, 0600, after success'() {
        given:
        File file = new File(folder.root, 'svc.token')
        file.text = 'old\n'
        Files.setPosixFilePermissions(file.toPath(), PosixFilePermissions.fromString('rw-r--r--'))

        when:
        int exit = launch(asAdmin(), ['--output', file.path, 'rotate-api-token', 'user=bob', 'name=ci', 'createIfMissing=true'])

        then:
        exit == 0
        file.text ==~ /11[0-9a-f]{32}\n/
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.toPath())) == 'rw-------'
        folder.root.list().sort() == ['svc.token', 'svc.token.uuid']
    }

    @Unroll
    def '--output at #what is refused without touching it, before anything is created'() {
        given:
        File target = make(folder.root)
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(target.toPath(), java.nio.file.LinkOption.NOFOLLOW_LINKS))

        when:
        int exit = launch(asAdmin(), ['--output', target.path, 'create-api-token', 'user=bob', 'name=lost'])

        then:
        exit == 2
        stderr() == "api-token-kit: --output '${target.path}' is ${what}: give the path of a regular file (it was left as it is)\n"
        PosixFilePermissions.toString(Files.getPosixFilePermissions(target.toPath(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) == mode
        tokens('bob').tokenList.empty

        where:
        what               | make
        'a folder'         | { File root -> new File(root, 'dir').with { mkdir(); it } }
        'a symbolic link'  | { File root -> Files.createSymbolicLink(new File(root, 'link').toPath(), new File(root, 'elsewhere').toPath()).toFile() }
        'not a regular file' | { File root -> new File('/dev/null') }
    }

    @Unroll
    def 'a token named #shown by its owner neither hides the audit nor breaks a creation'() {
        given: 'alice names her own token so, as the REST endpoint lets any user'
        tokens('alice').generateNewToken(name)

        when:
        int listed = launch(asAdmin(), ['--json', 'list-api-tokens', 'user=alice'])
        Map listing = new JsonSlurper().parseText(stdout()).result
        int text = launch(asAdmin(), ['list-api-tokens'])
        String textOutput = stdout()
        int created = launch(asAdmin(), ['--json', 'create-api-token', 'user=alice', 'name=' + name])
        Map creation = new JsonSlurper().parseText(stdout()).result

        then:
        listed == 0
        listing.tokens*.name.contains(name)
        text == 0
        textOutput.readLines().every { !(it =~ /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/) }
        created == 0
        creation.name == name
        creation.value ==~ /11[0-9a-f]{32}/
        tokens('alice').tokenStore.findMatchingToken(creation.value).name == name

        where:
        name << ['sealed:AAAA', '<secret 1 of 00000000000000000000000000000000>', '@@api-token-kit-result@@ 00 e30=', 'Token value, shown this once: 11']
        shown = name.inspect()
    }

    @Unroll
    def 'a name with #what a user gave through REST is shown escaped in the listing, one line per token'() {
        given:
        tokens('alice').generateNewToken(name)

        when:
        launch(asAdmin(), ['list-api-tokens', 'user=alice'])

        then:
        stdout().readLines().size() == 3
        stdout().contains(escaped)

        where:
        what                   | name         || escaped
        'a newline'            | 'a\nb'       || 'a\\u000Ab'
        'a line separator'     | 'a\u2028b'   || 'a\\u2028b'
        'a bidi override'      | 'a\u202eb'   || 'a\\u202Eb'
    }

    def 'a value with a newline on the command line is refused in one line, the newline escaped'() {
        when:
        int exit = launch(asAdmin(), ['create-api-token', 'user=bob', 'name=two\nlines'])

        then:
        exit == 2
        stderr() == 'api-token-kit: parameter name must not contain control, format or line-separator characters (U+000A at position 4)\n'
        tokens('bob').tokenList.empty
    }
}
