package io.github.apitokenkit.launcher

import io.github.apitokenkit.support.HttpSpecification
import org.junit.Rule
import org.junit.rules.TemporaryFolder
import spock.lang.Shared

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions
import java.util.jar.Attributes
import java.util.jar.JarEntry
import java.util.jar.JarOutputStream
import java.util.jar.Manifest

/**
 * bin/api-token-kit, the launcher in a JVM set up for one short call, run as a person runs it: the same output and exit
 * code as java -jar, and a class-data archive made by the first call that talks to a controller and succeeds, kept
 * where only its owner may write, used by the calls after it and made again when the jar is newer.
 */
class ShortCallScriptSpec extends HttpSpecification {
    @Rule TemporaryFolder folder = new TemporaryFolder()
    /** The jar as the build packs it (the tests run before the jar is made): target/classes with its Main-Class. */
    @Shared File jar
    File cache
    String adminToken

    def setupSpec() {
        File classes = new File('target/classes')
        jar = File.createTempFile('api-token-kit', '.jar')
        jar.deleteOnExit()
        Manifest manifest = new Manifest()
        manifest.mainAttributes[Attributes.Name.MANIFEST_VERSION] = '1.0'
        manifest.mainAttributes[Attributes.Name.MAIN_CLASS] = Main.name
        new JarOutputStream(new FileOutputStream(jar), manifest).withCloseable { JarOutputStream out ->
            classes.eachFileRecurse { File file ->
                if (file.file) {
                    out.putNextEntry(new JarEntry(classes.toPath().relativize(file.toPath()).toString()))
                    out.write(file.bytes)
                    out.closeEntry()
                }
            }
        }
    }

    def setup() {
        adminToken = newToken('admin', 'short-call')
        newToken('alice', 'laptop') // listed: unlike the admin's, its use does not change from one call to the next
        cache = new File(folder.root, 'cache')
    }

    /** [exit code, stdout, stderr] of one command with the controller and the admin token in its environment. */
    List run(List<String> command, Map<String, String> env = [:]) {
        finished(start(command, env))
    }

    /** Started with the controller and the admin token in its environment; an entry whose value is null is left out. */
    Process start(List<String> command, Map<String, String> env = [:]) {
        ProcessBuilder builder = new ProcessBuilder(command)
        builder.environment().keySet().removeAll { it.startsWith('JENKINS_') || it.startsWith('API_TOKEN_KIT_') || it.endsWith('JAVA_OPTIONS') }
        ([JENKINS_URL: url.toString(), JENKINS_USER_ID: 'admin', JENKINS_API_TOKEN: adminToken, API_TOKEN_KIT_JAR: jar.path,
          API_TOKEN_KIT_CACHE: cache.path] + env).each { String name, String value ->
            value == null ? builder.environment().remove(name) : builder.environment().put(name, value)
        }
        builder.start()
    }

    static List finished(Process process) {
        String errors
        Thread reading = Thread.start { errors = process.errorStream.getText('UTF-8') }
        String output = process.inputStream.getText('UTF-8')
        int exit = process.waitFor()
        reading.join()
        [exit, output, errors]
    }

    List kit(List<String> args, Map<String, String> env = [:]) {
        run(['bin/api-token-kit'] + args, env)
    }

    List<String> archived() {
        (cache.list() ?: []) as List<String>
    }

    /** Where the launcher's main class came from in a call logged with -Xlog:class+load. */
    static String mainClassSource(File log) {
        log.readLines().find { it.contains("${Main.name} source:") }?.replaceFirst(/.* source: /, '')
    }

    def 'the first call to a controller prints what java -jar prints and makes the archive, which the calls after it load from until the jar is newer'() {
        given:
        File archivedLog = new File(folder.root, 'archived.log')
        File offLog = new File(folder.root, 'off.log')

        when:
        List plain = run(['java', '-jar', jar.path, 'list-api-tokens', 'user=alice'])
        List first = kit(['list-api-tokens', 'user=alice'])

        then: 'made in a folder only its owner may use'
        plain[0] == 0
        first == plain
        archived().size() == 1
        archived()[0].endsWith('.jsa') // and nothing left of its making
        PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.toPath())) == 'rwx------'

        when:
        List archivedCall = kit(['list-api-tokens', 'user=alice'], [JDK_JAVA_OPTIONS: "-Xlog:class+load:file=${archivedLog}".toString()])
        List offCall = kit(['list-api-tokens', 'user=alice'], [JDK_JAVA_OPTIONS: "-Xlog:class+load:file=${offLog}".toString(), API_TOKEN_KIT_CDS: 'off'])

        then: 'the launcher comes from the archive; with API_TOKEN_KIT_CDS=off from the jar, printing the same'
        archivedCall[0] == 0
        archivedCall[1] == plain[1]
        mainClassSource(archivedLog).startsWith('shared objects file')
        offCall[0] == 0
        offCall[1] == plain[1]
        mainClassSource(offLog).startsWith('file:')

        when: 'the jar is newer than the archive'
        File archive = new File(cache, archived()[0])
        archive.setLastModified(jar.lastModified() - 10_000)
        List remaking = kit(['list-api-tokens', 'user=alice'])

        then: 'the call that makes it again succeeds, and the archive is not older than the jar any more'
        remaking == plain
        archived() == [archive.name]
        archive.lastModified() >= jar.lastModified()
    }

    def 'a call that stays on this machine, one that fails, and any call with API_TOKEN_KIT_CDS=off make no archive'() {
        expect:
        kit(['--version'])[0] == 0
        kit(['help', 'list-api-tokens'])[0] == 0
        kit(['render', 'list-api-tokens'])[0] == 0
        kit(['list-api-tokens'], [JENKINS_API_TOKEN: 'not-a-token'])[0] == ExitCode.REFUSED
        kit(['list-api-tokens'], [API_TOKEN_KIT_CDS: 'off'])[0] == 0
        archived().empty
    }

    def 'a collector chosen in JAVA_TOOL_OPTIONS, or no HOME, changes nothing of a call'() {
        when: 'the JVM says on stderr which options it picked up'
        List chosen = kit(['list-api-tokens', 'user=alice'], [JAVA_TOOL_OPTIONS: '-XX:+UseG1GC', API_TOKEN_KIT_CDS: 'off'])
        List homeless = kit(['list-api-tokens', 'user=alice'], [HOME: null, XDG_CACHE_HOME: null, API_TOKEN_KIT_CACHE: null])

        then:
        chosen[0] == 0
        chosen[1].startsWith('alice\n  laptop  ')
        homeless == [0, chosen[1], '']
    }

    def 'a cache folder others may write gets no archive, and the call goes on without'() {
        given:
        cache.mkdirs()
        Files.setPosixFilePermissions(cache.toPath(), PosixFilePermissions.fromString('rwxrwxrwx'))

        when:
        List call = kit(['list-api-tokens', 'user=alice'])

        then:
        call[0] == 0
        archived().empty
    }

    def 'SIGTERM to the script while its call makes the archive: it ends when java has, leaving no file and no process'() {
        given: 'a controller that takes the connection and never answers'
        ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName('127.0.0.1'))

        when:
        Process wrapper = start(['bin/api-token-kit', '--url', "http://127.0.0.1:${silent.localPort}/".toString(), '--timeout', '1', 'list-api-tokens'])
        Socket call = silent.accept() // java is running its call: the script is waiting for it
        ProcessHandle launcher = wrapper.toHandle().children().findFirst().get()
        wrapper.toHandle().destroy()
        List ended = finished(wrapper)

        then: 'java ended its call as it would have (a timeout), then the script ended as signalled, removing what it began'
        ended[0] == 143
        ended[2].contains('timed out') || ended[2].contains('timeout')
        !launcher.alive
        archived().empty

        cleanup:
        call?.close()
        silent.close()
    }

    def 'no jar to run: one line saying where it was looked for, exit 2'() {
        when:
        List call = kit(['--version'], [API_TOKEN_KIT_JAR: new File(folder.root, 'missing.jar').path])

        then:
        call[0] == 2
        call[1] == ''
        call[2].readLines().size() == 1
        call[2].startsWith('api-token-kit: no api-token-kit.jar beside ')
    }
}
