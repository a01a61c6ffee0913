package io.github.apitokenkit.launcher

import io.github.apitokenkit.support.HttpSpecification
import org.junit.Rule
import org.junit.rules.TemporaryFolder
import spock.lang.Shared
import spock.lang.Unroll

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
        builder.environment().keySet().removeAll { it.startsWith('JENKINS_') || it.startsWith('API_TOKEN_KIT_') || it.endsWith('JAVA_OPTIONS') || it == 'JAVA_HOME' }
        ([JENKINS_URL: url.toString(), JENKINS_USER_ID: 'admin', JENKINS_API_TOKEN: adminToken, API_TOKEN_KIT_JAR: jar.path,
          API_TOKEN_KIT_CACHE: cache.path, JAVA_HOME: JAVA_HOME] + env).each { String name, String value ->
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

    static final String JAVA_HOME = System.getProperty('java.home')

    /** The archives in the cache folder (not their stamps, nor what a making leaves while it runs). */
    List<String> archived() {
        ((cache.list() ?: []) as List<String>).findAll { it.endsWith('.jsa') && !(it ==~ /.*\.\d+\.jsa/) }
    }

    /** What a making leaves while it runs: the class list and the archive not yet in place. */
    List<String> leftovers() {
        ((cache.list() ?: []) as List<String>).findAll { it.endsWith('.classes') || it ==~ /.*\.\d+\.jsa/ }
    }

    /** The archive's name for this jar and java: their paths with / turned into _. */
    String archiveName(File jarFile = jar, String java = "${JAVA_HOME}/bin/java") {
        'launcher' + "${jarFile.path}/${java}".replace('/', '_') + '.jsa'
    }

    /** Where the launcher's main class came from in a call logged with -Xlog:class+load. */
    static String mainClassSource(File log) {
        log.readLines().find { it.contains("${Main.name} source:") }?.replaceFirst(/.* source: /, '')
    }

    def 'the first call to a controller prints what java -jar prints and makes the archive, which the calls after it load from until the jar is newer'() {
        given:
        File archivedLog = new File(folder.root, 'archived.log')
        File offLog = new File(folder.root, 'off.log')

        when: 'a making killed outright (kill -9) left its files behind'
        cache.mkdirs()
        Files.setPosixFilePermissions(cache.toPath(), PosixFilePermissions.fromString('rwx------'))
        new File(cache, archiveName() + '.2147483646.classes').text = 'java/lang/Object\n'
        List plain = run(['java', '-jar', jar.path, 'list-api-tokens', 'user=alice'])
        List first = kit(['list-api-tokens', 'user=alice'])

        then: 'made in a folder only its owner may use, with what was left removed'
        plain[0] == 0
        first == plain
        archived() == [archiveName()]
        leftovers().empty

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

        when: 'the jar is replaced by an older copy, which the JVM will not take the archive for'
        File archive = new File(cache, archiveName())
        long made = archive.lastModified()
        jar.setLastModified(jar.lastModified() - 60_000)
        List remaking = kit(['list-api-tokens', 'user=alice'])

        then: 'the call that makes it again succeeds, and the archive is stamped with the jar it was made from'
        remaking == plain
        archived() == [archive.name]
        archive.lastModified() > made
        new File(cache, archive.name + '.jar-time').lastModified() == jar.lastModified()
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

    def 'a collector chosen in _JAVA_OPTIONS, or no HOME, changes nothing of a call'() {
        when: 'the JVM says on stderr which options it picked up'
        List chosen = kit(['list-api-tokens', 'user=alice'], [_JAVA_OPTIONS: '-XX:+UseParallelGC', API_TOKEN_KIT_CDS: 'off'])
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

    @Unroll
    def '#signal while the call that makes the archive runs reaches java: it ends, leaving no file and no process'() {
        given: 'a controller that takes the connection and never answers'
        ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName('127.0.0.1'))

        when: 'the script leads a process group of its own, as a shell started from a terminal does'
        // With every signal handled by default, as in a terminal: a build started in the background ignores INT,
        // and a shell cannot trap a signal that was ignored when it started.
        Process wrapper = start(['env', '--default-signal', 'setsid', 'bin/api-token-kit', '--url', "http://127.0.0.1:${silent.localPort}/".toString(), '--timeout', '60',
                                 'list-api-tokens'])
        Socket call = silent.accept() // java is running its call: the script is waiting for it
        ProcessHandle launcher = wrapper.toHandle().children().findFirst().get()
        // bash's own kill, which takes a process group (dash's does not, and /usr/bin/kill is not on every machine)
        assert new ProcessBuilder(['bash', '-c', "kill -${signal} -- ${target.call(wrapper.pid())}".toString()]).start().waitFor() == 0
        List ended = finished(wrapper)

        then: 'java ended as a TERM ends it (not at its 60 s timeout), and so did the script, removing what it began'
        ended[0] == 143
        !ended[2].contains('within 60 s')
        !launcher.alive
        archived().empty
        leftovers().empty

        cleanup:
        call?.close()
        silent.close()

        where:
        signal | target
        'TERM' | { long pid -> String.valueOf(pid) }     // to the script alone: kill PID, Process.destroy, Python's terminate()
        'INT'  | { long pid -> '-' + pid }              // to the whole group: the terminal's Ctrl-C
    }

    def 'an archive that cannot be made is not tried again until the jar changes, and the calls go on without'() {
        given: 'a java whose archive making fails'
        File bin = new File(folder.root, 'failing-dump/bin')
        bin.mkdirs()
        File attempts = new File(folder.root, 'attempts')
        File java = new File(bin, 'java')
        java.text = """#!/bin/sh
case "\$*" in *-Xshare:dump*) echo attempt >> '${attempts}'; exit 1 ;; esac
exec '${JAVA_HOME}/bin/java' "\$@"
"""
        java.setExecutable(true)
        Map<String, String> failing = [JAVA_HOME: bin.parentFile.path]

        when:
        List first = kit(['list-api-tokens', 'user=alice'], failing)
        List second = kit(['list-api-tokens', 'user=alice'], failing)

        then: 'the folder the script made belongs to its owner alone'
        first[0] == 0
        second == first
        attempts.readLines() == ['attempt']
        PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.toPath())) == 'rwx------'
        archived().empty
        leftovers().empty

        when: 'the jar changes'
        jar.setLastModified(System.currentTimeMillis() + 5_000)
        kit(['list-api-tokens', 'user=alice'], failing)

        then:
        attempts.readLines() == ['attempt', 'attempt']
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
