package io.github.apitokenkit.runtime

import io.github.apitokenkit.support.ScriptSpecification

import java.nio.file.FileSystem
import java.nio.file.FileSystems
import java.nio.file.Files
import java.nio.file.Path

/** Where a generated token's value is written (outputFile in the init file): private on every file system, or refused. */
class SecretFileSpec extends ScriptSpecification {
    def kit

    def setup() {
        GroovyClassLoader loader = new GroovyClassLoader(getClass().classLoader)
        loader.parseClass(new File('scripts/lib/runtime.groovy'))
        kit = loader.loadClass('ApiTokenKit').newInstance(new Binding())
    }

    def 'on a file system without POSIX modes or access control lists the file is refused in one line, nothing left behind'() {
        given: 'a zip file system: it has neither'
        Path zip = Files.createTempDirectory('secret-file').resolve('fs.zip')
        FileSystem fs = FileSystems.newFileSystem(zip, [create: 'true'])
        Path target = fs.getPath('/secrets/token')

        when:
        kit.prepareSecret(target)

        then:
        Exception refused = thrown()
        refused.getClass().simpleName == 'ApiTokenKitError'
        refused.message == 'cannot keep a token file private on the file system of /secrets: it has neither POSIX permissions nor ' +
                'access control lists; choose an outputFile on another file system'
        Files.list(fs.getPath('/secrets')).count() == 0

        cleanup:
        fs?.close()
    }

    def 'on a POSIX file system the file is made 0600 in a folder made 0700'() {
        given:
        Path target = Files.createTempDirectory('secret-file').resolve('new-folder/token')

        when:
        Path pending = kit.prepareSecret(target)

        then:
        pending.parent == target.parent
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(pending)) == 'rw-------'
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target.parent)) == 'rwx------'
    }
}
