package io.github.apitokenkit.conformance

import hudson.security.ACL
import io.github.apitokenkit.standin.InitHook
import io.github.apitokenkit.support.CapturedLog
import jenkins.model.Jenkins
import org.junit.Rule
import org.junit.rules.TemporaryFolder
import org.jvnet.hudson.test.JenkinsRule
import spock.lang.Specification
import spock.lang.Unroll

import java.util.logging.Level

/** The InitHook runner behaves like core's init.groovy.d hook (JENKINS-FACTS.md §15). */
class InitHookSpec extends Specification {
    @Rule JenkinsRule j = new JenkinsRule()
    @Rule TemporaryFolder folder = new TemporaryFolder()

    InitHook hook = new InitHook()
    CapturedLog log = new CapturedLog(InitHook.LOGGER.name)

    def cleanup() {
        log.close()
    }

    def '§15 only *.groovy files run, in lexicographic order of their names'() {
        given:
        ['b.groovy', '10-x.groovy', '02-y.groovy', 'B.groovy', 'notes.txt', 'c.groovy.disabled'].each {
            script(it, "ran = (binding.hasVariable('ran') ? ran : []) + '${it}'")
        }

        when:
        List<String> names = hook.run(folder.root)

        then:
        names == ['02-y.groovy', '10-x.groovy', 'B.groovy', 'b.groovy']
        hook.sharedBinding.getVariable('ran') == names
    }

    def '§15 nothing is bound and nothing is imported'() {
        given:
        script('01.groovy', 'seen = binding.variables.keySet().toList()')
        script('02.groovy', 'Jenkins.get()')
        script('03.groovy', 'import jenkins.model.Jenkins\nhome = Jenkins.get().rootDir')

        when:
        hook.run(folder.root)

        then:
        hook.sharedBinding.getVariable('seen') == []
        log.text.contains("Failed to run script ${url('02.groovy')}")
        log.text.contains('groovy.lang.MissingPropertyException: No such property: Jenkins')
        hook.sharedBinding.getVariable('home') == j.jenkins.rootDir
    }

    def '§15 println goes to the process output, not to a bound out'() {
        given:
        script('01.groovy', 'hasOut = binding.hasVariable("out")')

        when:
        hook.run(folder.root)

        then:
        hook.sharedBinding.getVariable('hasOut') == false
    }

    def '§15 scripts run as SYSTEM, and the caller is restored'() {
        given:
        script('01.groovy', 'import jenkins.model.Jenkins\nwho = Jenkins.getAuthentication2()')

        when:
        def caller = ACL.as2(Jenkins.ANONYMOUS2)
        try {
            hook.run(folder.root)
        } finally {
            caller.close()
        }

        then:
        hook.sharedBinding.getVariable('who') == ACL.SYSTEM2
        Jenkins.getAuthentication2() == ACL.SYSTEM2
    }

    def '§15 a RuntimeException or an IOException is logged as a warning and the next script still runs'() {
        given:
        script('01.groovy', 'throw new IllegalArgumentException("bad value")')
        script('02.groovy', 'throw new IOException("unreadable")')
        script('03.groovy', 'last = true')

        when:
        hook.run(folder.root)

        then:
        log.at(Level.WARNING)*.message == ["Failed to run script ${url('01.groovy')}".toString(), "Failed to execute ${new File(folder.root, '02.groovy')}".toString()]
        hook.sharedBinding.getVariable('last') == true
    }

    def '§15 a compile error is a RuntimeException: logged and skipped'() {
        given:
        script('01.groovy', 'def x = ')
        script('02.groovy', 'last = true')

        when:
        hook.run(folder.root)

        then:
        log.at(Level.WARNING)*.message == ["Failed to run script ${url('01.groovy')}".toString()]
        hook.sharedBinding.getVariable('last') == true
    }

    @Unroll
    def '§15 a LinkageError (#what) is logged by the reactor and the boot goes on, but no later script of the hook runs'() {
        given:
        script('10-first.groovy', 'first = true')
        script('50-seed.groovy', body)
        script('60-later.groovy', 'later = true')
        CapturedLog reactor = new CapturedLog('jenkins.model.Jenkins')

        when:
        List<String> ran = hook.run(folder.root)

        then: 'core 2.568.2 does so (JENKINS-FACTS.md §15): "Jenkins is fully up and running", 60-later never ran'
        notThrown(InitHook.BootFailure)
        ran == ['10-first.groovy', '50-seed.groovy']
        hook.sharedBinding.getVariable('first') == true
        !hook.sharedBinding.hasVariable('later')
        reactor.at(Level.WARNING)*.message == ['GroovyInitScript.init failed perhaps due to plugin dependency issues']
        reactor.at(Level.WARNING)[0].thrown.getClass().name == thrown
        log.at(Level.WARNING).empty

        cleanup:
        reactor?.close()

        where:
        what                                             | body                                             || thrown
        'a method of a dashed file name holding a closure' | 'def m(x) { [1].each { println it + x } }\nm(2)' || 'java.lang.ClassFormatError'
        'NoClassDefFoundError'                           | 'throw new NoClassDefFoundError("x")'            || 'java.lang.NoClassDefFoundError'
        'a checked exception caused by one'              | 'throw new Exception(new LinkageError("x"))'     || 'java.lang.Exception'
    }

    def '§15 an Error, a failed assert included, aborts the boot and no later script runs'() {
        given:
        script('01.groovy', body)
        script('02.groovy', 'last = true')

        when:
        hook.run(folder.root)

        then:
        InitHook.BootFailure failure = thrown()
        failure.cause.getClass().name == cause
        !hook.sharedBinding.hasVariable('last')

        where:
        body                                   || cause
        'assert 1 == 2'                        || 'org.codehaus.groovy.runtime.powerassert.PowerAssertionError'
        'throw new OutOfMemoryError("x")'      || 'java.lang.OutOfMemoryError'
        'throw new Exception("checked")'       || 'java.lang.Exception'
    }

    private String url(String name) {
        new File(folder.root, name).toURI().toURL().toExternalForm()
    }

    private void script(String name, String body) {
        new File(folder.root, name).setText(body, 'UTF-8')
    }
}
