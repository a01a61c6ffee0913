package io.github.apitokenkit.support

import io.github.apitokenkit.standin.ParentProcess
import io.github.apitokenkit.standin.Sandbox

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.CountDownLatch

/**
 * A real Jenkins kept running for a command line, as {@code Sandbox} is for the stand-in (bin/sandbox-lib.sh's
 * {@code start_real_jenkins}): {@code RealJenkinsProcess --war PATH [--port N]} starts any jenkins.war as
 * {@link RealJenkins} does for the specs ({@code -Djenkins.java=JAVA_HOME} chooses its Java, as there), gives admin an
 * API token through the REST endpoint and writes it to a file only its owner may read, prints its URL and that file's
 * path (never a value), and waits. Ctrl-C, SIGTERM or the end of the process that started it stop Jenkins and delete
 * its temporary home with the token file; Jenkins itself ends with this JVM however that ends (its init hook).
 */
class RealJenkinsProcess {
    static final String USAGE = 'usage: RealJenkinsProcess --war PATH [--port PORT]'

    static void main(String[] args) {
        Map<String, String> options = parse(args)
        if (options == null) {
            System.err.println(USAGE)
            System.exit(2)
        }
        int port = options.port ? options.port as int : SandboxProcess.freePort()
        if (!Sandbox.portFree(port)) {
            System.err.println("RealJenkinsProcess: port ${port} is taken by another program; choose another")
            System.exit(1)
        }
        RealJenkins jenkins
        File token
        try {
            jenkins = RealJenkins.start(RealJenkins.war(options.war, "--war ${options.war}"), port)
            token = new File(jenkins.home.parentFile, 'admin.token')
            Files.createFile(token.toPath(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString('rw-------')))
            token.setText(jenkins.adminToken, 'UTF-8')
        } catch (Exception failure) {
            System.err.println("RealJenkinsProcess: ${failure.message}")
            jenkins?.close()
            System.exit(1)
        }
        CountDownLatch stop = ParentProcess.stopRequest()
        System.out.println("Jenkins ${jenkins.version} at ${jenkins.url}")
        System.out.println("Runs on ${jenkins.java}")
        System.out.println("Admin API token in ${token} (owner only)")
        System.out.println("JENKINS_HOME ${jenkins.home} (temporary, deleted at stop with the token file); console log ${jenkins.home.path}.log")
        System.out.println('Logins: admin/admin (Overall/Administer), alice/alice (Overall/Read). Ctrl-C stops it.')
        System.out.flush()
        stop.await()
        jenkins.close()
        System.out.println('Jenkins stopped.')
    }

    /** Parses --war PATH and --port N (or --war=PATH, --port=N); null on anything else or without a war. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> options = [:]
        List<String> rest = args as List
        while (rest) {
            String arg = rest.remove(0)
            String name = arg.startsWith('--') ? arg.substring(2).takeWhile { it != '=' } : null
            if (!(name in ['war', 'port'])) {
                return null
            }
            if (arg.contains('=')) {
                options[name] = arg.substring(arg.indexOf('=') + 1)
            } else if (rest) {
                options[name] = rest.remove(0)
            } else {
                return null
            }
        }
        options.war && (options.port == null || options.port ==~ /\d{1,5}/) ? options : null
    }
}
