package io.github.apitokenkit.runtime

import io.github.apitokenkit.support.RuntimeCalls
import io.github.apitokenkit.support.RuntimeSections
import spock.lang.Specification
import spock.lang.Unroll

import java.nio.file.Paths

/**
 * Each script carries of scripts/lib/runtime.groovy only the sections it reaches (bin/sync-script-runtime): the copy
 * is whole sections in the runtime's order, exactly those, and every call into the runtime resolves inside it, so a
 * missing section fails the build instead of a run on a controller.
 */
class RuntimeSectionsSpec extends Specification {
    static final String RUNTIME_TEXT = new File('scripts/lib/runtime.groovy').getText('UTF-8')
    static final RuntimeSections RUNTIME = RuntimeSections.parse(RUNTIME_TEXT)
    static final Set<String> RUNTIME_MEMBERS = RuntimeCalls.declared(RUNTIME_TEXT)

    static List<File> scripts() {
        RuntimeSections.scripts(Paths.get('.'))*.toFile()
    }

    static String copyIn(File script) {
        String text = script.getText('UTF-8')
        return text.substring(RuntimeSections.ownPart(text).length())
    }

    def 'every script in scripts/ and init.groovy.d/ carries a runtime copy'() {
        expect:
        scripts()*.name.containsAll(new File('scripts').list().findAll { it.endsWith('.groovy') } +
                new File('init.groovy.d').list().findAll { it.endsWith('.groovy') })
    }

    def 'the runtime is a core, sections that each declare what they need, and a tail; its reading finds every member Groovy parses'() {
        expect:
        RUNTIME.sections()*.name.first() == RuntimeSections.CORE
        RUNTIME.sections()*.name.last() == RuntimeSections.TAIL
        RUNTIME.sections().size() >= 12
        RUNTIME.text(RUNTIME.sections()*.name) == RUNTIME_TEXT
        (RUNTIME.sections().collectMany { it.members } as Set).containsAll(RUNTIME_MEMBERS)
    }

    @Unroll
    def '#script.name carries its own part, then the sections it reaches, as bin/sync-script-runtime writes them'() {
        given:
        String text = script.getText('UTF-8')
        String own = RuntimeSections.ownPart(text)

        expect: 'run bin/sync-script-runtime after editing scripts/lib/runtime.groovy or what a script calls'
        text == own + RUNTIME.copyFor(own)

        where:
        script << scripts()
    }

    @Unroll
    def '#script.name carries whole sections of the runtime, verbatim and in its order, the core and tail included'() {
        given:
        RuntimeSections copy = RuntimeSections.parse(copyIn(script))
        List<String> names = copy.sections()*.name

        expect:
        names.first() == RuntimeSections.CORE && names.last() == RuntimeSections.TAIL
        names == RUNTIME.sections()*.name.findAll { it in names }
        copy.sections().every { it.text == RUNTIME.section(it.name).text }

        where:
        script << scripts()
    }

    @Unroll
    def 'every call into the runtime in #script.name resolves inside the copy it carries'() {
        expect:
        RuntimeCalls.unresolved(script.getText('UTF-8'), RUNTIME_MEMBERS) == []

        where:
        script << scripts()
    }

    @Unroll
    def 'section #name, with the sections it declares it needs, resolves every call it makes, and needs each it declares'() {
        given:
        Set<String> others = RUNTIME.section(name).needs.collectMany { RUNTIME.closure([it] as Set) } as Set

        expect: 'what it calls is there'
        RuntimeCalls.unresolved(RUNTIME.text(RUNTIME.closure([name] as Set)), RUNTIME_MEMBERS) == []

        and: 'each section it declares is called into, or is needed by one it calls into'
        RUNTIME.section(name).needs.every { String needed ->
            RUNTIME.section(needed).members.any { RUNTIME.section(name).text =~ /(?<![\w.])${it}\b/ }
        }

        where:
        name << RUNTIME.sections()*.name - [RuntimeSections.CORE, RuntimeSections.TAIL]
    }

    def 'the check finds a call whose section a copy lacks, a constant read bare, a nested class named, and a computed call'() {
        given:
        String create = new File('scripts/create-api-token.groovy').getText('UTF-8')
        String withoutSealing = create.replace(RUNTIME.section('sealing').text, '')
        String grace = RUNTIME.text(RUNTIME.closure(['grace'] as Set))

        expect:
        withoutSealing != create
        RuntimeCalls.unresolved(withoutSealing, RUNTIME_MEMBERS) == ['secret']
        RuntimeCalls.unresolved(grace.replace(RUNTIME.section('grace').text.readLines().find { it.contains('IN_GRACE =') } + '\n', ''),
                RUNTIME_MEMBERS) == ['IN_GRACE']
        RuntimeCalls.unresolved(RUNTIME.text(RUNTIME.closure(['seeding'] as Set) - 'selection'), RUNTIME_MEMBERS).containsAll(['TokenSelector'])
        RuntimeCalls.unresolved('ApiTokenKit kit = null\nkit."${"sec" + "ret"}"("x")\n', RUNTIME_MEMBERS) == ['computed call']
    }
}
