package io.github.apitokenkit.conventions

import spock.lang.Specification

/**
 * Every "§N" or "§N.M" that a spec, the stand-in, the runners or the pom cite names a section of the project's own
 * docs/JENKINS-FACTS.md, so a citation resolves from a fresh clone.
 */
class FactsCitationsSpec extends Specification {
    static final File FACTS = new File('docs/JENKINS-FACTS.md')

    static Set<String> sections() {
        FACTS.readLines().findResults { String line ->
            (line =~ /^#{2,3} (\d+(?:\.\d+)?)[.\s]/).with { it.find() ? it.group(1) : null }
        } as Set
    }

    static Map<String, List<String>> citations() {
        Map<String, List<String>> cited = [:].withDefault { [] }
        List<File> files = [new File('pom.xml')]
        ['src', 'scripts', 'init.groovy.d'].each { String root ->
            new File(root).eachFileRecurse { File f -> if (f.file && f.name =~ /\.(groovy|java|md|xml)$/) { files << f } }
        }
        files.each { File f ->
            (f.getText('UTF-8') =~ /§(\d+(?:\.\d+)?)/).each { List m -> cited[m[1]] << f.path }
        }
        return cited
    }

    def 'the facts file is in the project, with its sections'() {
        expect:
        FACTS.file
        sections().containsAll(['1.3', '2.5', '8.1', '11.4', '14', '18.16', '20'])
    }

    def 'every section cited anywhere in the project exists in docs/JENKINS-FACTS.md'() {
        given:
        Set<String> sections = sections()

        expect:
        citations().findAll { String section, List<String> where -> !(section in sections) } == [:]
    }
}
