package io.github.apitokenkit.launcher

import io.github.apitokenkit.support.RuleCases
import spock.lang.Specification
import spock.lang.Unroll

import java.time.LocalDate

/** The launcher's command line without any Jenkins: version, help, usage errors. */
class MainSpec extends Specification {
    ByteArrayOutputStream out = new ByteArrayOutputStream()
    ByteArrayOutputStream err = new ByteArrayOutputStream()

    int run(Map env = [:], String... args) {
        Main.run(args, new PrintStream(out, true, 'UTF-8'), new PrintStream(err, true, 'UTF-8'), env, null)
    }

    def '--version prints the project version from the build'() {
        expect:
        run('--version') == 0
        out.toString('UTF-8') ==~ /api-token-kit \d+\.\d+\.\d+(-SNAPSHOT)?\n/
        err.size() == 0
    }

    def '--help lists the commands, the options and the exit codes'() {
        when:
        run('--help')
        String help = out.toString('UTF-8')

        then:
        Main.BUNDLED_SCRIPTS.every { help.contains(it) }
        ['--url', '--urls', '--auth', '--timeout', '--cacert', '--insecure', '--json', '--output', '--verbose', '--parallel'].every { help.contains(it) }
        help.contains('  4  authentication or permission refused (401, 403)')
    }

    @Unroll
    def '#args shows the script\'s own header as its help'() {
        when:
        run(args as String[])
        String help = out.toString('UTF-8')

        then:
        help.startsWith('Usage: java -jar api-token-kit.jar [options] create-api-token [name=value ...]')
        help.contains('Parameters:')
        help.contains('allowOnConnectedController')

        where:
        args << [['help', 'create-api-token'], ['create-api-token', '--help']]
    }

    @Unroll
    def 'help #command gives its example as a command line of name=value parameters'() {
        when:
        run('help', command)
        String example = out.toString('UTF-8').readLines().find { it.startsWith('Example:') }

        then:
        example.startsWith("Example:    java -jar api-token-kit.jar ${command}")
        !example.contains(": '")
        example.substring("Example:    java -jar api-token-kit.jar ${command}".length()).split(' ').findAll().every { it.contains('=') }

        where:
        command << Main.BUNDLED_SCRIPTS
    }

    def 'help create-api-token shows the header\'s example with its values'() {
        when:
        run('help', 'create-api-token')

        then:
        out.toString('UTF-8').contains('Example:    java -jar api-token-kit.jar create-api-token user=svc-deploy name=pipeline expires=90\n')
    }

    @Unroll
    def 'help #command is its own page, not the generic usage'() {
        when:
        run('help', command)
        String help = out.toString('UTF-8')

        then:
        help.startsWith("Usage: java -jar api-token-kit.jar [options] ${command} ${usage}")
        help.contains('Example:    java -jar api-token-kit.jar ')
        help.contains('Exit codes:')

        where:
        command | usage
        'self'  | 'generate|revoke|rename|rotate [name=value ...]'
        'run'   | 'FILE.groovy [name=value ...]'
    }

    def 'the README\'s exit-code table is what --help prints'() {
        given:
        List<String> readme = new File('README.md').readLines().findAll { it ==~ /\s*\| [0-9] \| .*/ }
                .collect { it.trim().replaceAll(/^\| (\d) \| (.*) \|$/, '  $1  $2') }

        when:
        run('--help')

        then:
        readme.size() == 7
        out.toString('UTF-8').contains((['Exit codes:'] + readme).join('\n') + '\n')
    }

    def 'the bundled list is exactly the scripts in scripts/'() {
        expect:
        Main.BUNDLED_SCRIPTS == new File('scripts').listFiles().findAll { it.name.endsWith('.groovy') }*.name*.replace('.groovy', '').sort()
    }

    @Unroll
    def 'usage error: #why'() {
        expect:
        run(env, args as String[]) == 2
        out.size() == 0
        err.toString('UTF-8') == 'api-token-kit: ' + message + '\n'

        where:
        why                       | env                                | args                                                         || message
        'nothing'                 | [:]                                | []                                                           || 'no command given; try --help'
        'unknown option'          | [:]                                | ['--frobnicate']                                             || "unknown option '--frobnicate'; try --help"
        'unknown command'         | [:]                                | ['--url', 'http://h/', 'make-coffee']                        || "unknown command 'make-coffee'; the commands are ${Main.BUNDLED_SCRIPTS.join(', ')}, run, self, render, open, report; try --help"
        'a mistyped command'      | [:]                                | ['--url', 'http://h/', 'list-api-token']                     || "unknown command 'list-api-token' (did you mean list-api-tokens?); the commands are ${Main.BUNDLED_SCRIPTS.join(', ')}, run, self, render, open, report; try --help"
        'a script that is not there' | [:]                             | ['--url', 'http://h/', 'run', '/no/such.groovy']             || "run: the file '/no/such.groovy' does not exist"
        'a parameter file that is not there' | [:]                     | ['--url', 'http://h/', '--param-file', 'value=/no/such', 'seed-api-token'] || "--param-file value: the file '/no/such' does not exist"
        'a newline in a URL'      | [:]                                | ['--url', 'http://h/\nfake line', 'list-api-tokens']         || "'http://h/\\u000Afake line' is not an http or https URL"
        'a newline in a value'    | [:]                                | ['--url', 'http://h/', 'self', 'rename', 'uuid=u', 'name=a\nb'] || 'parameter name must not contain control, format or line-separator characters (U+000A at position 2)'
        'no URL'                  | [:]                                | ['list-api-tokens']                                          || 'no Jenkins URL: give --url URL (or --urls FILE), or set JENKINS_URL'
        'not a URL'               | [:]                                | ['--url', 'ftp://h/', 'list-api-tokens']                     || "'ftp://h/' is not an http or https URL"
        'half the credentials'    | [JENKINS_USER_ID: 'me']            | ['--url', 'http://127.0.0.1:1/', 'list-api-tokens']          || 'set both JENKINS_USER_ID and JENKINS_API_TOKEN, or neither'
        'a bare word'             | [:]                                | ['--url', 'http://h/', 'list-api-tokens', 'alice']           || "parameters are name=value, not 'alice'"
        'a parameter twice'       | [:]                                | ['--url', 'http://h/', 'list-api-tokens', 'user=a', 'user=b']|| "parameter 'user' given twice"
        'bad timeout'             | [:]                                | ['--timeout', 'soon', 'list-api-tokens']                     || "--timeout takes a whole number from 1 to 99999, not 'soon'"
        'self without an action'  | [:]                                | ['--url', 'http://h/', 'self']                               || 'self takes one of generate, revoke, rename, rotate; try: help self'
        'self revoke without uuid'| [:]                                | ['--url', 'http://h/', 'self', 'revoke']                     || 'self revoke needs uuid=TOKEN_UUID'
        'run without a file'      | [:]                                | ['--url', 'http://h/', 'run']                                || 'run takes one script file: run FILE.groovy [name=value ...]'
        'credentials file missing'| [:]                                | ['--url', 'http://h/', '--auth', '@/no/such', 'list-api-tokens'] || "--auth: the file '/no/such' does not exist"
    }

    @Unroll
    def 'Basic credentials over plain HTTP to #host are #warned (checked without connecting anywhere)'() {
        given:
        Options options = Options.parse(['list-api-tokens'] as String[])

        when:
        Inputs.warnAboutTransport(options, [new URL("${scheme}://${host}/jenkins/")], new Credentials('me', 'secret'.toCharArray()), new PrintStream(err, true, 'UTF-8'))

        then:
        err.toString('UTF-8') == (warned == 'warned about' ? "api-token-kit: warning: ${scheme}://${host}/jenkins/ is plain HTTP: the credentials travel unencrypted to ${host}\n" : '')

        where:
        scheme  | host          || warned
        'http'  | '192.0.2.10'  || 'warned about'
        'http'  | '127.0.0.1'   || 'not warned about'
        'http'  | '[::1]'       || 'not warned about'
        'https' | '192.0.2.10'  || 'not warned about'
    }

    @Unroll
    def 'the self commands read expires=\'#given\' as #meaning, as the runtime does (one table for both)'() {
        when:
        String read
        try {
            Object parsed = Operation.Self.parseExpiry(given)
            read = parsed == null ? 'never' : parsed instanceof Long ? "days ${parsed}" : "date ${parsed as LocalDate}"
        } catch (LauncherException refused) {
            read = RuleCases.expiryRefusal(refused.message)
        }

        then:
        read == meaning

        where:
        [given, meaning] << RuleCases.expiry()
    }

    @Unroll
    def '--policy takes #json as #verdict, as the runtime does (one table for both)'() {
        expect:
        (Inputs.isPolicy(Json.parse(json)) ? 'accepted' : 'refused') == verdict

        where:
        [json, verdict] << RuleCases.policy()
    }
}
