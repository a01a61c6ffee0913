package io.github.apitokenkit.conventions

import spock.lang.Specification
import spock.lang.Unroll

/**
 * scripts/ and init.groovy.d/ reach the jar byte for byte: Maven resource filtering would rewrite their ${...}
 * GStrings. Resources are copied to target/classes before the tests run and the jar is made from that folder.
 */
class PackagingSpec extends Specification {
    static final File CLASSES = new File('target/classes')

    @Unroll
    def 'every file of #folder is copied to the jar contents unchanged'() {
        given:
        List<File> sources = []
        new File(folder).eachFileRecurse { if (it.file) sources << it }

        expect:
        !sources.empty
        sources.any { it.text.contains('${') }
        sources.every { File source ->
            File packed = new File(CLASSES, source.path)
            packed.file && packed.bytes == source.bytes
        }

        where:
        folder << ['scripts', 'init.groovy.d']
    }

    def 'the launcher version is filtered in, so the jar knows its own version'() {
        expect:
        new File(CLASSES, 'io/github/apitokenkit/version.properties').text.trim() ==~ /version=\d+\.\d+\.\d+(-SNAPSHOT)?/
    }
}
