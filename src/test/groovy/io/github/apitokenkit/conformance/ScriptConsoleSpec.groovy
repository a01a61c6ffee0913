package io.github.apitokenkit.conformance

import hudson.model.User
import hudson.security.ACL
import io.github.apitokenkit.standin.ScriptConsole
import jenkins.model.Jenkins
import org.junit.Rule
import org.jvnet.hudson.test.JenkinsRule
import spock.lang.Specification

/** The ScriptConsole runner behaves like core's /script and /scriptText (JENKINS-FACTS.md §14). */
class ScriptConsoleSpec extends Specification {
    @Rule JenkinsRule j = new JenkinsRule()

    def '§14 the four star imports resolve without an import line'() {
        expect:
        ScriptConsole.run('''
            println Jenkins.get().getClass().name        // jenkins.model
            println User.getById('nobody', false)        // hudson.model
            println Util.getDigestOf('x')                // hudson
            println XmlFile.name                         // hudson
        ''', ACL.SYSTEM2) == "hudson.model.Hudson\nnull\n9dd4e461268c8034f5c8564e155c67a6\nhudson.XmlFile\n"
    }

    def '§14 classes outside the star-imported packages need an import'() {
        when:
        String output = ScriptConsole.run('ApiTokenProperty.name', ACL.SYSTEM2)

        then:
        output.startsWith('groovy.lang.MissingPropertyException: No such property: ApiTokenProperty')

        and: 'with the import it resolves'
        ScriptConsole.run('import jenkins.security.ApiTokenProperty\nApiTokenProperty.name', ACL.SYSTEM2) ==
                'Result: jenkins.security.ApiTokenProperty\n'
    }

    def '§14 only out is bound, and println writes to it'() {
        expect:
        ScriptConsole.run('println binding.variables.keySet().toList(); out.print("x")', ACL.SYSTEM2) == '[out]\nx'
    }

    def '§14 a non-null result is printed with toString(), a null result prints nothing'() {
        expect:
        ScriptConsole.run(script, ACL.SYSTEM2) == output

        where:
        script                                         || output
        '42'                                           || 'Result: 42\n'
        "[a: 1]"                                       || 'Result: {a=1}\n'
        "[1, 2]"                                       || 'Result: [1, 2]\n'
        'new Object() { String toString() { "me" } }'  || 'Result: me\n'
        'null'                                         || ''
        'println "hi"; null'                           || 'hi\n'
    }

    def '§14 a throwable is printed as a stack trace into the output, never thrown'() {
        when:
        String output = ScriptConsole.run(script, ACL.SYSTEM2)

        then:
        notThrown(Throwable)
        output.readLines()[0] == firstLine
        output.contains('\tat ')

        where:
        script                                  || firstLine
        'throw new IllegalStateException("x")'  || 'java.lang.IllegalStateException: x'
        'throw new IOException("disk")'         || 'java.io.IOException: disk'
        'throw new StackOverflowError()'        || 'java.lang.StackOverflowError'
    }

    def '§14 causes come first and each enclosing exception follows as Caused:'() {
        when:
        List<String> lines = ScriptConsole.run('''
            try { throw new IOException("inner") }
            catch (IOException e) { throw new IllegalStateException("outer", e) }
        ''', ACL.SYSTEM2).readLines()

        then:
        lines[0] == 'java.io.IOException: inner'
        lines.findIndexOf { it == 'Caused: java.lang.IllegalStateException: outer' } > 1
        lines.findAll { it.startsWith('\tat Script1.run(Script1.groovy:') }.size() == 2
    }

    def '§14 a failed assert and a compile error are output too'() {
        expect:
        ScriptConsole.run('assert 1 == 2', ACL.SYSTEM2).startsWith('Assertion failed:')
        ScriptConsole.run('def x = ', ACL.SYSTEM2).startsWith('org.codehaus.groovy.control.MultipleCompilationErrorsException')
    }

    def '§14 the script runs as the calling user, and the caller is restored afterwards'() {
        given:
        j.jenkins.securityRealm = j.createDummySecurityRealm()
        def alice = User.getById('alice', true).impersonate2()

        expect:
        ScriptConsole.run('Jenkins.getAuthentication2().name', alice) == 'Result: alice\n'
        ScriptConsole.run('User.current()?.id', Jenkins.ANONYMOUS2) == ''
        Jenkins.getAuthentication2() == ACL.SYSTEM2
    }

    def '§14 the caller is restored even when the script throws'() {
        given:
        j.jenkins.securityRealm = j.createDummySecurityRealm()

        when:
        ScriptConsole.run('throw new Error("x")', User.getById('alice', true).impersonate2())

        then:
        Jenkins.getAuthentication2() == ACL.SYSTEM2
    }
}
