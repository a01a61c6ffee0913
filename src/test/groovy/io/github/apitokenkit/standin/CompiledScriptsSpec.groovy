package io.github.apitokenkit.standin

import io.github.apitokenkit.standin.CompiledScripts
import io.github.apitokenkit.standin.VersionedStandIn
import org.codehaus.groovy.control.CompilerConfiguration
import org.codehaus.groovy.control.MultipleCompilationErrorsException
import spock.lang.Specification
import spock.lang.Unroll

/**
 * The stand-in's runners keep a text's bytecode and define its classes afresh for every run (CompiledScripts). A
 * compile serves another parent class loader only if that parent finds exactly the class names the compiler looked up:
 * then Groovy's output is the same, and what differs between Jenkins versions (their members) is met when the script
 * runs, against its own version. Each feature uses a text of its own (a comment with its name), so none is kept yet.
 */
class CompiledScriptsSpec extends Specification {
    static final CompilerConfiguration PLAIN = CompilerConfiguration.DEFAULT
    static final ClassLoader HERE = CompiledScriptsSpec.classLoader

    static Object run(String text, ClassLoader parent) {
        CompiledScripts.evaluate(text, 'Script1.groovy', parent, PLAIN, new Binding())
    }

    def 'one compile serves two Jenkins versions, and each run meets the members of its own'() {
        given: 'addFixedNewToken(String, String) came in 2.260'
        String text = '''// compile once, two versions
            import jenkins.security.ApiTokenProperty
            ApiTokenProperty.methods.any { it.name == 'addFixedNewToken' }'''
        ClassLoader older = new VersionedStandIn('2.259', HERE)
        ClassLoader newer = new VersionedStandIn('2.260', HERE)
        long before = CompiledScripts.compilations()

        expect:
        run(text, older) == false
        run(text, newer) == true
        run(text, older) == false
        CompiledScripts.compilations() == before + 1
    }

    def 'a parent that does not find a class the compile looked up gets its own compile, and its own error'() {
        given:
        String text = '''// a class one parent lacks
            hudson.model.User nobody = null
            'compiled\''''
        ClassLoader withoutUser = new ClassLoader(HERE) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) {
                if (name == 'hudson.model.User') {
                    throw new ClassNotFoundException(name)
                }
                super.loadClass(name, resolve)
            }
        }
        long before = CompiledScripts.compilations()

        when:
        Object here = run(text, HERE)
        run(text, withoutUser)

        then:
        here == 'compiled'
        MultipleCompilationErrorsException failure = thrown()
        failure.message.contains('unable to resolve class hudson.model.User')
        CompiledScripts.compilations() == before + 2
    }

    def 'a parent with a .groovy source for a name the compile looked up gets its own compile'() {
        given:
        File sources = File.createTempDir()
        new File(sources, 'foo').mkdirs()
        new File(sources, 'foo/Bar.groovy').text = "package foo\nclass Bar { static String x = 'from Bar.groovy' }\n"
        ClassLoader withSource = new URLClassLoader([sources.toURI().toURL()] as URL[], HERE)
        String text = '// a source one parent has\nfoo.Bar.x'
        long before = CompiledScripts.compilations()

        when:
        Object found = run(text, withSource)
        run(text, HERE)

        then:
        found == 'from Bar.groovy'
        thrown(MissingPropertyException)
        CompiledScripts.compilations() == before + 2

        cleanup:
        sources.deleteDir()
    }

    @Unroll
    def 'a compile that read members of what it found (#why) serves only its own parent'() {
        given:
        ClassLoader older = new VersionedStandIn('2.266', HERE)
        ClassLoader newer = new VersionedStandIn('2.579', HERE)
        long before = CompiledScripts.compilations()

        expect:
        run(text, older) == result
        run(text, newer) == result
        run(text, newer) == result
        CompiledScripts.compilations() == before + 2

        where:
        why                                  | text                                                                          || result
        'a static import'                    | 'import static jenkins.model.Jenkins.getAuthentication2\n\'imported\''         || 'imported'
        'a class extending a Jenkins class'  | 'class Quiet extends hudson.model.UserProperty {}\nnew Quiet().class.superclass.name' || 'hudson.model.UserProperty'
        'a transform that reads members'     | 'class Wrapper { @Delegate(interfaces = false) jenkins.security.ApiTokenProperty p }\n\'delegated\'' || 'delegated'
    }

    def 'a type-checked text compiled where a member exists does not compile where it does not'() {
        given: 'addFixedNewToken(String, String) came in 2.260'
        String text = '''// type-checked against a member
            @groovy.transform.TypeChecked
            String seed(jenkins.security.ApiTokenProperty tokens) { tokens.addFixedNewToken('n', 'v') }
            'checked\''''
        long before = CompiledScripts.compilations()

        when:
        Object newer = run(text, new VersionedStandIn('2.548', HERE))
        run(text, new VersionedStandIn('2.259', HERE))

        then:
        newer == 'checked'
        MultipleCompilationErrorsException failure = thrown()
        failure.message.contains('addFixedNewToken')
        CompiledScripts.compilations() == before + 2
    }

    def 'every run defines its text\'s classes afresh, as core\'s new shell does: a class\'s identity and static state are the run\'s own'() {
        given:
        String text = '''// fresh classes
            class Counter {
                static int runs
                static final java.util.regex.Pattern PATTERN = java.util.regex.Pattern.compile('m')
            }
            [System.identityHashCode(Counter), ++Counter.runs, Counter.PATTERN.matcher('m').matches()]'''
        long before = CompiledScripts.compilations()

        when:
        List runs = (1..3).collect { run(text, HERE) }

        then: 'one compile, three definitions'
        CompiledScripts.compilations() == before + 1
        runs*.tail().unique() == [[1, true]]
        runs*.head().unique().size() == 3
    }
}
