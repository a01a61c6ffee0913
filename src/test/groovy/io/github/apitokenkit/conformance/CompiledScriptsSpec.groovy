package io.github.apitokenkit.conformance

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

    def 'runs of a text whose statics are constants share its classes from the second run on'() {
        given: 'the kinds of static the runtime has: constants, a field set from another, a pattern, a logger'
        String text = '''// constants only
            class Constants {
                static final String MARK = 'm'
                static final int LONGEST = 256
                static final java.util.regex.Pattern PATTERN = java.util.regex.Pattern.compile(MARK)
                static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger('io.github.apitokenkit.spec')
            }
            [System.identityHashCode(Constants), Constants.PATTERN.matcher('m').matches(), Constants.LONGEST]'''

        when:
        List runs = (1..3).collect { run(text, HERE) }

        then: 'the first run kept nothing: a text run once keeps no classes'
        runs*.tail().unique() == [[true, 256]]
        runs[0][0] != runs[1][0]
        runs[1][0] == runs[2][0]
    }

    @Unroll
    def 'a text whose classes could keep state between runs (#why) gets classes of its own at every run'() {
        when:
        List runs = (1..3).collect { run(text, HERE) }

        then: 'each run starts from nothing, as with core\'s new shell at every run'
        runs*.tail().unique() == [[1]]
        runs*.head().unique().size() == 3

        where:
        why                                       | text
        'a static that is not final'              | '''// not final
            class Counter { static int runs }
            Counter.runs++
            [System.identityHashCode(Counter), Counter.runs]'''
        'a final static set to a mutable list'    | '''// a final list
            class Seen { static final List RUNS = [] }
            Seen.RUNS << 1
            [System.identityHashCode(Seen), Seen.RUNS.size()]'''
        'a final static set by a method'          | '''// set by a method
            class Made { static final List RUNS = java.util.Collections.synchronizedList([]) }
            Made.RUNS << 1
            [System.identityHashCode(Made), Made.RUNS.size()]'''
        'a static initializer block'              | '''// a static block
            class Block { static final List RUNS; static { RUNS = [] } }
            Block.RUNS << 1
            [System.identityHashCode(Block), Block.RUNS.size()]'''
        'a change to its metaclass'               | '''// a metaclass
            class Open {}
            int before = Open.metaClass.respondsTo(new Open(), 'added') ? 1 : 0
            Open.metaClass.added = { -> 1 }
            [System.identityHashCode(Open), new Open().added() - before]'''
        'a static named like Groovy\'s own'        | '''// a dollar static
            class Dollar { static int $n }
            Dollar.$n++
            [System.identityHashCode(Dollar), Dollar.$n]'''
        'a mixin'                                 | '''// a mixin
            class Host {}
            class Added { static int hi(Host self) { 1 } }
            int before = new Host().respondsTo('hi') ? 1 : 0
            Host.mixin(Added)
            [System.identityHashCode(Host), new Host().hi() - before]'''
        'a member named at run time on a class'   | '''// a dynamic name
            class Named {}
            int before = new Named().respondsTo('added') ? 1 : 0
            Named."meta${'Class'}".added = { -> 1 }
            [System.identityHashCode(Named), new Named().added() - before]'''
        'a class parsed into its loader'          | '''// a parsed class
            class Anchor {}
            Class leak
            try {
                leak = Anchor.classLoader.loadClass('Leak')
            } catch (ClassNotFoundException none) {
                leak = Anchor.classLoader.parseClass('class Leak { static int n }')
            }
            leak.n++
            [System.identityHashCode(Anchor), leak.n]'''
        'a lock on a class'                       | '''// a class lock
            class Locked {}
            synchronized (Locked) { }
            [System.identityHashCode(Locked), 1]'''
        'a static synchronized method'            | '''// a static lock
            class Counted { static synchronized int one() { 1 } }
            [System.identityHashCode(Counted), Counted.one()]'''
    }

    @Unroll
    def 'a run that changes shared classes in a way the text does not show (#why) leaves the next runs fresh classes'() {
        when: 'the rule shares the classes from the second run, which makes the change'
        List runs = (1..4).collect { run(text, HERE) }

        then: 'the third run finds the change and starts afresh, as every run does in core'
        runs*.tail().unique() == [[1]]
        runs[1][0] != runs[2][0]

        where:
        why                                        | text
        'a metaclass reached by a name made later' | '''// a metaclass by another name
            class Reached {}
            def type = Reached
            int before = new Reached().respondsTo('added') ? 1 : 0
            type."${'meta' + 'Class'}".added = { -> 1 }
            [System.identityHashCode(Reached), new Reached().added() - before]'''
        'its loader reached through its properties'  | '''// a loader by its properties
            class Held {}
            def loader = Held.properties['class' + 'Loader']
            Class leak
            try {
                leak = loader.loadClass('Kept')
            } catch (ClassNotFoundException none) {
                leak = loader.parseClass('class Kept { static int n }')
            }
            leak.n++
            [System.identityHashCode(Held), leak.n]'''
    }
}
