package io.github.apitokenkit.conventions

import org.codehaus.groovy.ast.ClassNode
import org.codehaus.groovy.ast.MethodNode
import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.Phases
import io.github.apitokenkit.support.AtVersion
import spock.lang.Specification
import spock.lang.Unroll

/** The rules every shipped script follows (CONTRIBUTING.md), checked on every script in scripts/. */
class ScriptConventionsSpec extends Specification {
    static final File SCRIPTS = new File('scripts')
    static final List<String> LABELS = ['Purpose:', 'Where:', 'Jenkins:', 'Runs as:', 'Changes:', 'Secrets:', 'Parameters:', 'Output:', 'Example:']
    static final List<String> READ_ONLY_VERBS = ['list', 'show', 'audit']
    static final List<String> WRITING_VERBS = ['create', 'revoke', 'rotate', 'prune', 'set', 'change', 'seed']
    static final String RUNTIME = new File(SCRIPTS, 'lib/runtime.groovy').getText('UTF-8')

    static List<File> scripts() {
        (SCRIPTS.listFiles() as List).findAll { it.name.endsWith('.groovy') }.sort { it.name }
    }

    def 'the launcher and the runtime hold one definition of the text a name may hold, and judge alike'() {
        given:
        GroovyClassLoader loader = new GroovyClassLoader(getClass().classLoader)
        loader.parseClass(RUNTIME)
        String runtime = loader.loadClass('ApiTokenKit').UNPRINTABLE
        String launcher = Class.forName('io.github.apitokenkit.launcher.Text').getDeclaredField('UNPRINTABLE').with { accessible = true; get(null) }
        List<String> samples = HostileValuesSpec.CORPUS.values() + (0..0x3000).collect { new String(Character.toChars(it)) }

        expect:
        runtime == launcher
        samples.every { (it =~ runtime).find() == (io.github.apitokenkit.launcher.Text.unprintableIn(it) != null) }
    }

    def 'there are scripts to check'() {
        expect:
        scripts().size() >= 5
    }

    @Unroll
    def '#script.name is named kebab-case, verb first, from the closed list of verbs'() {
        expect:
        script.name ==~ /[a-z]+(-[a-z]+)+\.groovy/
        script.name.split('-')[0] in READ_ONLY_VERBS + WRITING_VERBS

        where:
        script << scripts()
    }

    @Unroll
    def '#script.name says "Secrets: none" exactly when it never prints a token value, so the launcher seals what it prints'() {
        given:
        String own = script.getText('UTF-8').with { it.substring(0, it.indexOf('// ---- api-token-kit runtime')) }
        String secrets = (header(script) =~ /(?m)^ \* Secrets:\s+(.*)$/)[0][1]

        expect:
        secrets.startsWith('none') == !own.contains('kit.secret(')
        io.github.apitokenkit.launcher.ScriptHeader.printsSecrets(script.getText('UTF-8')) == !secrets.startsWith('none')

        where:
        script << scripts()
    }

    @Unroll
    def '#script.name never appends an interpolated string to a StringBuilder with append(): that reads it char by char'() {
        expect: 'text << "...${x}" instead (Groovy turns the GString into a String once); a 50,000-token listing took seconds'
        !(script.getText('UTF-8') =~ /\.append\(\(?"[^"\n]*\$\{/).find()

        where:
        script << scripts() + [new File('init.groovy.d/50-seed-api-tokens.groovy')]
    }

    /**
     * The JSON contract automation relies on (Ansible's changed_when, a pipeline's checks): every script's result says
     * whether it changed something, and a dry run whether it would. The runs are VersionsSpec's (each on a fresh stand-in).
     */
    @Unroll
    def '#script.name reports "changed", and "wouldChange" in a dry run, as booleans that say what happened'() {
        given:
        Map parameters = VersionsSpec.RUNS[script.name - '.groovy'][0].collectEntries { k, v -> [(k): String.valueOf(v)] }
        boolean dryRunnable = script.getText('UTF-8').contains('dryRun  ')

        when:
        Map dry = dryRunnable ? AtVersion.result(script.name - '.groovy', parameters + [dryRun: 'true']) : null
        Map real = AtVersion.result(script.name - '.groovy', parameters + (dryRunnable ? [dryRun: 'false'] : [:]))

        then: 'a read-only script never changed anything; a dry run changed nothing and foretold what the real run did'
        real.changed instanceof Boolean
        !(script.name.split('-')[0] in READ_ONLY_VERBS) || real.changed == false
        !dryRunnable || (dry.changed == false && dry.wouldChange == real.changed)

        where:
        script << scripts()
    }

    @Unroll
    def '#script.name opens with the labelled header, in order'() {
        given:
        String header = header(script)

        expect:
        LABELS.every { header.contains(' * ' + it) }
        LABELS.collect { header.indexOf(' * ' + it) } == LABELS.collect { header.indexOf(' * ' + it) }.sort()

        where:
        script << scripts()
    }

    @Unroll
    def '#script.name documents exactly the parameters of its defaults map, in the same order'() {
        expect:
        documentedParameters(script) == defaultsMap(script).keySet() as List

        where:
        script << scripts()
    }

    @Unroll
    def '#script.name: its defaults map comes right after the imports, and the last statement is null'() {
        given:
        List<String> code = codeLines(script)

        expect:
        code.findIndexOf { it.startsWith('Map defaults = [') } == code.findLastIndexOf { it.startsWith('import ') } + 1
        code[code.findIndexOf { it.startsWith('// ---- api-token-kit runtime') } - 1] == 'null'

        where:
        script << scripts()
    }

    @Unroll
    def '#script.name: writing scripts have dryRun, read-only ones change nothing'() {
        given:
        Map defaults = defaultsMap(script)
        String verb = script.name.split('-')[0]

        expect:
        verb in READ_ONLY_VERBS ? !defaults.containsKey('dryRun') && header(script).contains(' * Changes:    nothing') : defaults.containsKey('dryRun')
        verb in ['revoke', 'prune'] ? defaults.dryRun == true : true

        where:
        script << scripts()
    }

    @Unroll
    def '#script.name breaks none of the safety rules'() {
        given:
        String code = script.getText('UTF-8')

        expect:
        !(code =~ /Jenkins\.instance\b|Jenkins\.getInstance\(\)/)
        !(code =~ /User\.get\([^,()]*\)/)
        !(code =~ /User\.get\([^()]*,\s*true/)
        !(code =~ /addProperty\(\s*new\s+ApiTokenProperty/)

        where:
        script << scripts()
    }

    @Unroll
    def '#script.name compiles with Groovy 2.4.21 and declares no script methods, which a dashed file name cannot load'() {
        expect:
        GroovySystem.version == '2.4.21'
        scriptMethods(script).empty

        where:
        script << scripts()
    }

    /** The first LTS release of each weekly release a script may claim (docs/JENKINS-FACTS.md §20). */
    static final Map<String, String> FIRST_LTS = ['2.129': '2.138.1', '2.154': '2.138.4', '2.260': '2.263.1', '2.266': '2.277.1', '2.548': '2.555.1']

    @Unroll
    def '#script.name claims the same minimum Jenkins in its header and in the README, each with its first LTS'() {
        given:
        String base = script.name - '.groovy'
        String header = jenkinsField(script)
        String row = new File('README.md').readLines().find { it.startsWith("| [`${base}`]") }
        String column = row.split('\\|')[4].trim()
        List<List<String>> claimed = (header =~ /(2\.\d+) \(LTS (2\.\d+\.\d+)\)/).collect { [it[1], it[2]] }
        List<List<String>> listed = (column =~ /(2\.\d+) \(LTS (2\.\d+\.\d+)\)/).collect { [it[1], it[2]] }

        expect:
        claimed && listed
        claimed[0] == listed[0]
        (claimed + listed).every { FIRST_LTS[it[0]] == it[1] }
        listed.every { it in claimed }

        where:
        script << scripts()
    }

    @Unroll
    def '#script.name names 2.154 (LTS 2.138.4) in its header and README row when it refuses to trust older usage statistics'() {
        given: 'the script\'s own part, above the runtime block, and its Jenkins: field (every line up to the next label)'
        String base = script.name - '.groovy'
        String text = script.getText('UTF-8')
        String own = text.substring(0, text.indexOf('// ---- api-token-kit runtime'))
        String jenkins = jenkinsField(script)
        String row = new File('README.md').readLines().find { it.startsWith("| [`${base}`]") }.split('\\|')[4]

        expect: 'kit.requireReliableUsageStatistics refuses below 2.154 (SECURITY-1072)'
        !own.contains('requireReliableUsageStatistics(') || (jenkins.contains('2.154 (LTS 2.138.4)') && row.contains('2.154 (LTS 2.138.4)'))

        where:
        script << scripts()
    }

    @Unroll
    def '#script.name has a spec and a row in the README\'s script table'() {
        given:
        String base = script.name - '.groovy'
        String specName = base.split('-').collect { it.capitalize() }.join('') + 'ScriptSpec.groovy'

        expect:
        new File("src/test/groovy/io/github/apitokenkit/scripts/${specName}").file
        new File('README.md').getText('UTF-8') =~ /(?m)^\| \[`${base}`\]\(scripts\/${base}\.groovy\) \|/

        where:
        script << scripts()
    }

    @Unroll
    def 'init.groovy.d/#script.name is NN-verb-object, compiles, and declares no script methods (its runtime copy: RuntimeSectionsSpec)'() {
        expect:
        script.name ==~ /\d\d-[a-z]+(-[a-z]+)+\.groovy/
        script.name.split('-')[1] in WRITING_VERBS + READ_ONLY_VERBS
        LABELS.every { header(script).contains(' * ' + it) }
        scriptMethods(script).empty

        where:
        script << (new File('init.groovy.d').listFiles() as List).findAll { it.name.endsWith('.groovy') }
    }

    /** The methods a script declares, compiled with Groovy 2.4.21 against the stand-in (a compile error fails). */
    static List<MethodNode> scriptMethods(File script) {
        CompilationUnit unit = new CompilationUnit()
        unit.addSource(script.name.replaceAll(/\W/, '_'), script.getText('UTF-8'))
        unit.compile(Phases.SEMANTIC_ANALYSIS)
        ClassNode scriptClass = unit.AST.classes.find { it.script }
        return scriptClass.methods.findAll { MethodNode m -> !(m.name in ['main', 'run']) && !m.synthetic }
    }

    /** The header's Jenkins: field, every line of it up to the next label. */
    static String jenkinsField(File script) {
        (header(script) =~ /(?s) \* Jenkins:(.*?)\n \* Runs as:/)[0][1]
    }

    static String header(File script) {
        String text = script.getText('UTF-8')
        assert text.startsWith('/*\n')
        return text.substring(0, text.indexOf('*/'))
    }

    static List<String> documentedParameters(File script) {
        String header = header(script)
        String table = header.substring(header.indexOf(' * Parameters:'), header.indexOf(' * Output:'))
        return table.readLines().drop(1).collect { (it =~ /^ \*   (\w+)\s/) }.findAll { it.find() }.collect { it.group(1) }
    }

    static Map defaultsMap(File script) {
        String text = script.getText('UTF-8')
        String literal = text.substring(text.indexOf('Map defaults = [') + 'Map defaults = '.length(), text.indexOf('\n]\n', text.indexOf('Map defaults = [')) + 2)
        return (Map) new GroovyShell().evaluate(literal)
    }

    static List<String> codeLines(File script) {
        String text = script.getText('UTF-8')
        return text.substring(text.indexOf('*/') + 2).readLines().findAll { it.trim() }
    }
}
