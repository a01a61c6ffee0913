package io.github.apitokenkit.launcher

import spock.lang.Specification

class MainSpec extends Specification {
    ByteArrayOutputStream out = new ByteArrayOutputStream()
    ByteArrayOutputStream err = new ByteArrayOutputStream()

    int run(String... args) {
        Main.run(args, new PrintStream(out, true, 'UTF-8'), new PrintStream(err, true, 'UTF-8'))
    }

    def '--version prints the project version from the build'() {
        expect:
        run('--version') == 0
        out.toString('UTF-8') ==~ /api-token-kit \d+\.\d+\.\d+(-SNAPSHOT)?\n/
        err.size() == 0
    }

    def '--help lists the options and the exit codes'() {
        expect:
        run('--help') == 0
        out.toString('UTF-8').contains('--version')
        out.toString('UTF-8').contains('Exit codes: 0 ok, 2 usage error.')
    }

    def 'no argument or an unknown one is a usage error on one line'() {
        expect:
        run(args as String[]) == 2
        out.size() == 0
        err.toString('UTF-8') == message + '\n'

        where:
        args          || message
        []            || "api-token-kit: no command given; try --help"
        ['--frobnic'] || "api-token-kit: unknown command or option '--frobnic'; try --help"
    }
}
