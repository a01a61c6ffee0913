package io.github.apitokenkit.support

import java.lang.management.ManagementFactory
import java.nio.file.Files
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.zip.ZipEntry
import java.util.zip.ZipInputStream

/**
 * A real Jenkins started from any jenkins.war by path ({@code -Djenkins.war=PATH}), as a {@link Controller}: on a
 * Java that runs it, on loopback, a free port, the context path {@code /jenkins}, a temporary JENKINS_HOME of its own,
 * no setup wizard and no update site. Before the first start its home gets the {@code init.groovy.d} scripts in
 * {@code support/real-jenkins/} (the accounts, and its end with the test JVM), and whatever {@code prepare} writes.
 * It is stopped by its process id at {@link #close()}, by a shutdown hook if the spec never got there, and by itself
 * when the test JVM is killed.
 */
class RealJenkins extends Controller {
    static final String WAR_PROPERTY = 'jenkins.war'
    static final String JAVA_PROPERTY = 'jenkins.java'
    /** How long a start may take on a loaded machine of two cores (a start here takes 6 to 15 s). */
    static final int START_SECONDS = 180
    private static final List<String> HOOKS = ['00-accounts.groovy', '00-end-with-test-jvm.groovy']

    final File war
    final File java
    final List<String> jvmOptions
    private Process process
    private final File logFile
    private final Thread stopAtExit = new Thread({ stopProcess() } as Runnable, 'stop real Jenkins')

    private RealJenkins(File war, File java, File home, int port, List<String> jvmOptions) {
        this.war = war
        this.java = java
        this.home = home
        this.jvmOptions = jvmOptions
        this.logFile = new File(home.parentFile, home.name + '.log')
        url = new URL("http://127.0.0.1:${port}/jenkins/")
    }

    /** The war named by {@code -Djenkins.war}; fails in one line when it is not given or not there. */
    static File warFromProperty() {
        String path = System.getProperty(WAR_PROPERTY)
        if (!path) {
            throw new IllegalStateException("no Jenkins war: give one with -D${WAR_PROPERTY}=PATH (any jenkins.war)")
        }
        war(path, "-D${WAR_PROPERTY}=${path}")
    }

    /** The war at {@code path}; fails in one line, naming it as {@code given}, when there is no such file. */
    static File war(String path, String given = path) {
        File war = new File(path).absoluteFile
        if (!war.file) {
            throw new IllegalStateException("${given}: no such file")
        }
        war
    }

    /**
     * Starts the war of {@code -Djenkins.war} on a new home; {@code prepare} gets the home before the first start and
     * may return options for Jenkins's JVM (system properties, a logging configuration).
     */
    static RealJenkins start(Closure<List<String>> prepare = { [] }) {
        start(warFromProperty(), SandboxProcess.freePort(), prepare)
    }

    /** Starts {@code war} on a new home, on {@code port} of 127.0.0.1; {@code prepare} as above. */
    static RealJenkins start(File war, int port, Closure<List<String>> prepare = { [] }) {
        File home = new File(Files.createTempDirectory('real-jenkins').toFile(), 'home')
        File hooks = new File(home, 'init.groovy.d')
        hooks.mkdirs()
        HOOKS.each { String name -> new File(hooks, name).text = RealJenkins.getResource("real-jenkins/${name}").getText('UTF-8') }
        List<String> jvmOptions = prepare(home) ?: []
        RealJenkins jenkins = new RealJenkins(war, JavaForWar.find(war), home, port, jvmOptions)
        jenkins.launch()
        jenkins
    }

    @Override
    String getDescription() {
        "Jenkins ${war.name - ~/\.war$/ - ~/^jenkins-/}"
    }

    @Override
    String getLog() {
        logFile.exists() ? logFile.getText('UTF-8') : ''
    }

    /** Whether its process has ended within {@code seconds} (without being asked to). */
    boolean endsWithin(int seconds) {
        Process running = process
        running == null || running.waitFor(seconds, TimeUnit.SECONDS)
    }

    @Override
    void restart() {
        stopProcess()
        launch()
    }

    @Override
    void close() {
        try {
            stopProcess()
        } finally {
            home.parentFile.deleteDir()
        }
    }

    private void launch() {
        List<String> command = [java.path, '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC',
                                '-Djenkins.install.runSetupWizard=false',
                                '-Dhudson.model.UpdateCenter.never=true', '-Dhudson.model.DownloadService.never=true',
                                '-Dhudson.model.UsageStatistics.disabled=true',
                                // 00-accounts.groovy's strategy is a class of its own; see there.
                                '-Dhudson.remoting.ClassFilter=AdminAndReaders',
                                "-DapiTokenKit.testJvm=${ManagementFactory.runtimeMXBean.pid}".toString()] +
                jvmOptions + ['-jar', war.path, "--httpPort=${url.port}".toString(), '--httpListenAddress=127.0.0.1', '--prefix=/jenkins']
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        builder.environment().put('JENKINS_HOME', home.path)
        builder.environment().remove('JAVA_TOOL_OPTIONS')
        process = builder.start()
        Runtime.runtime.addShutdownHook(stopAtExit)
        String outcome = watchUntilUp()
        if (outcome != null) {
            stopProcess()
            throw new IllegalStateException("${description} did not start (${outcome}; java ${java}; log ${logFile}): ${why()}")
        }
    }

    /** From the log, on one line: the first SEVERE record with the line after it (its exception), and the last lines. */
    private String why() {
        List<String> lines = log.readLines().findAll { !(it =~ /^\s+at |^\s+\.\.\. \d+ more|^\[LF\]>|^-+$/) && it.trim() }
        int severe = lines.findIndexOf { it.contains('\tSEVERE\t') }
        List<String> picked = severe < 0 ? [] : lines.subList(severe, Math.min(lines.size(), severe + 2))
        (picked + lines.takeRight(3)).unique().join(' | ')
    }

    /**
     * Copies the console to the log file while Jenkins starts and after; returns null once Jenkins says it is fully
     * up, or why it is not: it ended, it reported a boot failure (a failed boot keeps serving an error page, it does not
     * end), or it took longer than {@link #START_SECONDS}.
     */
    private String watchUntilUp() {
        CountDownLatch decided = new CountDownLatch(1)
        String[] outcome = [null]
        Process watched = process
        Thread.start("real Jenkins console ${url.port}") {
            logFile.withWriterAppend('UTF-8') { Writer log ->
                watched.inputStream.newReader('UTF-8').eachLine { String line ->
                    log.write(line + '\n')
                    log.flush()
                    if (line.contains('Jenkins is fully up and running')) {
                        decided.countDown()
                    } else if (line.contains('Failed to initialize Jenkins') || line.contains('Container startup failed')) {
                        outcome[0] = 'it reported a boot failure'
                        decided.countDown()
                    }
                }
            }
            outcome[0] = outcome[0] ?: "it ended with status ${watched.waitFor()}"
            decided.countDown()
        }
        if (!decided.await(START_SECONDS, TimeUnit.SECONDS)) {
            return "not up after ${START_SECONDS} s"
        }
        return outcome[0]
    }

    private synchronized void stopProcess() {
        if (process == null) {
            return
        }
        try {
            process.toHandle().destroy()
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.toHandle().destroyForcibly()
                process.waitFor(30, TimeUnit.SECONDS)
            }
        } finally {
            process = null
            try {
                Runtime.runtime.removeShutdownHook(stopAtExit)
            } catch (IllegalStateException ignored) {
                // The JVM is exiting: this is the hook.
            }
        }
    }

    /**
     * The Java a war runs on: {@code -Djenkins.java} when given, otherwise the oldest JDK under {@code /usr/lib/jvm}
     * (or the one running the tests) that is at least the version its jenkins-core classes are compiled for. The
     * oldest, because a core line runs on the Java versions of its time (2.462 on 17, not on 25).
     */
    static class JavaForWar {
        static File find(File war) {
            int needed = compiledFor(war)
            String given = System.getProperty(JAVA_PROPERTY)
            if (given) {
                File java = executable(new File(given))
                if (java == null || feature(java.parentFile.parentFile) < needed) {
                    throw new IllegalStateException("-D${JAVA_PROPERTY}=${given} is not a Java ${needed} or newer, which ${war.name} needs")
                }
                return java
            }
            List<File> homes = ((new File('/usr/lib/jvm').listFiles() ?: []) as List<File>) + [new File(System.getProperty('java.home'))]
            File best = homes.findAll { executable(it) != null && feature(it) >= needed }
                    .min { feature(it) }
            if (best == null) {
                throw new IllegalStateException("${war.name} needs Java ${needed} or newer: none under /usr/lib/jvm nor " +
                        "this JVM's; install one or give it with -D${JAVA_PROPERTY}=JAVA_HOME")
            }
            executable(best)
        }

        /** bin/java of a Java home (or the path itself when it is that executable); null when there is none. */
        static File executable(File given) {
            File java = given.name == 'java' && given.file ? given : new File(given, 'bin/java')
            java.canExecute() ? java : null
        }

        /** The feature version in a Java home's {@code release} file (17, 25); 0 when it has none. */
        static int feature(File javaHome) {
            File release = new File(javaHome, 'release')
            String version = release.file ? release.readLines().find { it.startsWith('JAVA_VERSION=') } : null
            version == null ? 0 : Integer.parseInt(version.find(/"(\d+)/) { all, major -> major } ?: "0")
        }

        /** The Java feature version jenkins-core's classes inside the war are compiled for (class file major - 44). */
        static int compiledFor(File war) {
            new ZipInputStream(war.newInputStream()).withCloseable { ZipInputStream outer ->
                for (ZipEntry entry = outer.nextEntry; entry != null; entry = outer.nextEntry) {
                    if (entry.name ==~ /WEB-INF\/lib\/jenkins-core-[^\/]+\.jar/) {
                        ZipInputStream core = new ZipInputStream(outer)
                        for (ZipEntry inner = core.nextEntry; inner != null; inner = core.nextEntry) {
                            if (inner.name == 'jenkins/model/Jenkins.class') {
                                byte[] head = new byte[8]
                                new DataInputStream(core).readFully(head)
                                return (((head[6] & 0xff) << 8) | (head[7] & 0xff)) - 44
                            }
                        }
                    }
                }
                throw new IllegalStateException("${war}: no WEB-INF/lib/jenkins-core-*.jar with jenkins/model/Jenkins.class: not a jenkins.war")
            }
        }
    }
}
