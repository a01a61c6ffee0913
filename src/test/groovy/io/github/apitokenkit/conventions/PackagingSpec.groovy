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

    /**
     * A cold launcher pays tens of milliseconds for the first invokedynamic bootstrap (a lambda, or string
     * concatenation compiled the default way): the classes a call to one controller loads have none. The prompt,
     * --insecure and failures may use them; javac's -XDstringConcat=inline (pom.xml) handles concatenation.
     */
    def 'the classes a plain call to one controller loads make no invokedynamic call'() {
        given:
        List<String> path = ['Main', 'Inputs', 'Options', 'Operation', 'Operation$Script', 'Operation$Script$1', 'RemoteScript',
                             'RemoteScript$Nonces', 'RemoteScript$Result', 'Credentials', 'TlsSettings', 'OutputFile', 'Fleet', 'Text',
                             'Json', 'Json$Parser', 'JenkinsClient', 'JenkinsClient$Response', 'Sealer', 'Outcome', 'Report', 'ExitCode']

        expect:
        path.findAll { String name -> invokeDynamics(new File(CLASSES, "io/github/apitokenkit/launcher/${name}.class")) > 0 } == []
    }

    /** Not on a plain call's path, but kept like it: the page is rendered by the same cold JVM, once per call. */
    def 'the inventory page\'s classes make no invokedynamic call'() {
        expect:
        ['Inventory', 'Inventory$Controller', 'Inventory$Ints', 'Inventory$Gather', 'InventoryPage', 'InventoryPage$Made', 'Offline'].findAll { String name ->
            invokeDynamics(new File(CLASSES, "io/github/apitokenkit/launcher/${name}.class")) > 0
        } == []
    }

    static int invokeDynamics(File classFile) {
        assert classFile.file: classFile
        int found = 0
        new org.objectweb.asm.ClassReader(classFile.bytes).accept(new org.objectweb.asm.ClassVisitor(org.objectweb.asm.Opcodes.ASM9) {
            @Override
            org.objectweb.asm.MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                new org.objectweb.asm.MethodVisitor(org.objectweb.asm.Opcodes.ASM9) {
                    @Override
                    void visitInvokeDynamicInsn(String method, String type, org.objectweb.asm.Handle bootstrap, Object... arguments) {
                        found++
                    }
                }
            }
        }, 0)
        found
    }

    def 'the launcher version is filtered in, so the jar knows its own version'() {
        expect:
        new File(CLASSES, 'io/github/apitokenkit/version.properties').text.trim() ==~ /version=\d+\.\d+\.\d+(-SNAPSHOT)?/
    }
}
