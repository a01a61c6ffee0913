package io.github.apitokenkit.conformance

import hudson.security.ACL
import io.github.apitokenkit.standin.CliGroovyCommand
import org.junit.Rule
import org.jvnet.hudson.test.JenkinsRule
import spock.lang.Specification

/** The CliGroovyCommand runner behaves like core's CLI command "groovy =" (JENKINS-FACTS.md §20). */
class CliGroovyCommandSpec extends Specification {
    @Rule JenkinsRule j = new JenkinsRule()

    def '§20 args is a String[] of what follows "=", beside out, stdin, stdout and stderr; the return value is dropped'() {
        when:
        CliGroovyCommand.Outcome outcome = CliGroovyCommand.run(
                'println binding.variables.keySet().sort(); println args.getClass().simpleName + args.toList(); 42', ['a=1', 'b'], ACL.SYSTEM2)

        then:
        outcome.exitCode == 0
        outcome.stdout == '[args, out, stderr, stdin, stdout]\nString[][a=1, b]\n'
    }

    def '§20 there are no star imports: Jenkins unqualified is an unexpected exception, exit 1'() {
        when:
        CliGroovyCommand.Outcome outcome = CliGroovyCommand.run('println Jenkins.get()', [], ACL.SYSTEM2)

        then:
        outcome.exitCode == 1
        outcome.stderr.startsWith('\nERROR: Unexpected exception occurred while performing groovy command.\ngroovy.lang.MissingPropertyException: No such property: Jenkins')
    }

    def '§20 what is printed without a newline and never flushed is lost, as core never flushes out'() {
        expect:
        CliGroovyCommand.run('out.print("lost")', [], ACL.SYSTEM2).stdout == ''
        CliGroovyCommand.run('out.print("kept"); out.flush()', [], ACL.SYSTEM2).stdout == 'kept'
        CliGroovyCommand.run('println "kept"', [], ACL.SYSTEM2).stdout == 'kept\n'
    }

    def '§20 IllegalArgumentException and IllegalStateException end the command with ERROR and exit 3 and 4'() {
        expect:
        CliGroovyCommand.run('throw new IllegalArgumentException("bad")', [], ACL.SYSTEM2).with { exitCode == 3 && stderr == '\nERROR: bad\n' }
        CliGroovyCommand.run('throw new IllegalStateException("state")', [], ACL.SYSTEM2).with { exitCode == 4 && stderr == '\nERROR: state\n' }
    }
}
