package io.github.apitokenkit.standin

import hudson.model.Hudson
import hudson.model.User
import io.github.apitokenkit.standin.http.HttpStandIn
import jenkins.model.Jenkins
import hudson.security.HudsonPrivateSecurityRealm
import org.jvnet.hudson.test.MockAuthorizationStrategy

import java.nio.file.Files
import java.util.concurrent.CountDownLatch
import java.util.logging.Level
import java.util.logging.Logger

/**
 * A stand-in Jenkins anyone can run and point curl, the launcher or any other client at:
 * {@code Sandbox --port 8080 [--home DIR]}. A new home gets a login where the password equals the user name,
 * administrator {@code admin} and ordinary user {@code alice}; a home that already has a config.xml keeps its own
 * settings, users and tokens. At every start it runs {@code $JENKINS_HOME/init.groovy.d/*.groovy} as core does, so
 * boot-time provisioning can be tried across restarts. Its log lines are laid out as a real Jenkins's console shows
 * them ({@link ConsoleLayout}). Stops cleanly on Ctrl-C, on SIGTERM, or when the process that started it ends.
 */
class Sandbox {
    static final String USAGE = 'usage: Sandbox --port PORT [--home JENKINS_HOME]'
    /** Kept so the level set on it holds: the container's start and stop chatter is not what a user needs. */
    private static final Logger JETTY = Logger.getLogger('org.eclipse.jetty')

    static void main(String[] args) {
        // The console log reads as a real Jenkins's does (Winstone's layout).
        ConsoleLayout.install()
        JETTY.level = Level.WARNING
        // Clients are timed against this process (bin/bench-launcher): each run compiles its text, as in core.
        CompiledScripts.compileEveryRun()
        Map<String, String> options = parse(args)
        if (options == null) {
            System.err.println(USAGE)
            System.exit(2)
        }
        boolean temporary = !options.home
        File home = temporary ? Files.createTempDirectory('sandbox-home').toFile() : new File(options.home).absoluteFile
        home.mkdirs()
        boolean fresh = !new File(home, 'config.xml').exists()
        if (!portFree(options.port as int)) {
            System.err.println("Sandbox: port ${options.port} is taken by another program; choose another (--port, -Dsandbox.port, or DEMO_PORT for bin/demo)")
            System.exit(1)
        }
        Jenkins jenkins = new Hudson(home, null)
        if (fresh) {
            setUpAccounts(jenkins)
        }
        File hooks = new File(home, 'init.groovy.d')
        try {
            // As core's GroovyInitScript does at every start: lexicographic order, one shared binding, as SYSTEM.
            List<String> ran = new InitHook().run(hooks)
            if (ran) {
                System.out.println("Ran ${hooks}: ${ran.join(', ')}")
            }
        } catch (InitHook.BootFailure failure) {
            Throwable cause = failure.cause
            String first = (cause.message ?: '').readLines().find { it.trim() }?.trim()
            System.err.println("Sandbox: ${failure.script} aborted the boot (${cause.getClass().name}${first ? ': ' + first : ''}); " +
                    'Jenkins would not start either: fix it, then start again')
            jenkins.cleanUp()
            System.exit(1)
        }
        HttpStandIn server = new HttpStandIn(jenkins, options.port as int)
        // Ctrl-C and SIGTERM end the wait below, so the sandbox stops in order and exits with status 0. So does the
        // end of the process that started it: `mvn exec:exec` passes no signal on to its child when it is killed.
        CountDownLatch stop = ParentProcess.stopRequest()
        System.out.println("Jenkins stand-in sandbox at ${server.url}")
        System.out.println("JENKINS_HOME ${home}${temporary ? ' (temporary, deleted at stop)' : ''}")
        System.out.println('Logins: admin/admin (Overall/Administer), alice/alice (Overall/Read). Ctrl-C stops it.')
        System.out.flush()
        stop.await()
        server.close()
        jenkins.cleanUp()
        if (temporary) {
            home.deleteDir()
        }
        System.out.println('Sandbox stopped.')
    }

    /** Whether a server could listen on 127.0.0.1:port now (0: any port). */
    static boolean portFree(int port) {
        try {
            new ServerSocket(port, 1, InetAddress.getByName('127.0.0.1')).close()
            return true
        } catch (BindException ignored) {
            return false
        }
    }

    /** Parses --port N and --home DIR (or --home=DIR; empty means temporary); null on anything else. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> options = [:]
        List<String> rest = args as List
        while (rest) {
            String arg = rest.remove(0)
            if (arg.startsWith('--home=') || arg.startsWith('--port=')) {
                options[arg.substring(2, 6)] = arg.substring(7)
            } else if ((arg == '--home' || arg == '--port') && rest) {
                options[arg.substring(2)] = rest.remove(0)
            } else {
                return null
            }
        }
        return options.port ==~ /\d{1,5}/ ? options : null
    }

    /**
     * Accounts of Jenkins's own user database, as a controller set up by its wizard has them: the password is the user
     * name, admin has Overall/Administer, every other account Overall/Read (the specs' in-process controller too).
     */
    static void setUpAccounts(Jenkins jenkins) {
        HudsonPrivateSecurityRealm realm = new HudsonPrivateSecurityRealm(false)
        jenkins.securityRealm = realm
        jenkins.authorizationStrategy = new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to('admin')
                .grant(Jenkins.READ).everywhere().toAuthenticated()
        realm.createAccount('admin', 'admin')
        realm.createAccount('alice', 'alice')
    }
}
