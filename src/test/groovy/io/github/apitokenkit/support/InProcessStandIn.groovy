package io.github.apitokenkit.support

import io.github.apitokenkit.standin.ConsoleLayout
import io.github.apitokenkit.standin.InitHook
import org.jvnet.hudson.test.JenkinsRule

import java.util.logging.Handler
import java.util.logging.LogRecord
import java.util.logging.Logger

/**
 * The stand-in in the spec's own JVM, served over real HTTP, with the specs' usual security (JenkinsRule's dummy
 * realm, where every password is the user name, so no password hash is computed; admin administers, every other
 * user reads: the same answers over HTTP as the sandbox's and the real controller's accounts), running
 * {@code $JENKINS_HOME/init.groovy.d} at every start as the sandbox does, and a console made of the log records
 * written while it runs, in the layout the sandbox prints: the cheap stand-in side of a behaviour spec (no JVM to
 * start, and each script text compiled once). A spec that needs options for the controller's own JVM uses
 * {@link SandboxController}.
 */
class InProcessStandIn extends Controller {
    private final JenkinsRule rule = new JenkinsRule()
    private final StringBuffer console = new StringBuffer()
    private final Handler toConsole = new Handler() {
        private final ConsoleLayout layout = new ConsoleLayout()

        void publish(LogRecord record) {
            if (isLoggable(record)) {
                console.append(layout.format(record))
            }
        }

        void flush() {
        }

        void close() {
        }
    }

    static InProcessStandIn start(Closure<List<String>> prepare = { [] }) {
        new InProcessStandIn(prepare)
    }

    private InProcessStandIn(Closure<List<String>> prepare) {
        rule.before()
        home = rule.jenkins.rootDir
        List<String> jvmOptions = prepare(home)
        if (jvmOptions) {
            rule.after()
            throw new IllegalArgumentException("the in-process stand-in has no JVM of its own for ${jvmOptions}: use SandboxController")
        }
        Logger.getLogger('').addHandler(toConsole)
        SecuredJenkins.setUp(rule, ['admin', 'alice'])
        boot()
    }

    /** As the sandbox starts: init.groovy.d, then HTTP. */
    private void boot() {
        new InitHook().run(new File(home, 'init.groovy.d'))
        url = rule.URL
    }

    @Override
    String getDescription() {
        'the stand-in (in-process)'
    }

    @Override
    String getLog() {
        console.toString()
    }

    /** A new Jenkins on the same home once its init.groovy.d has run, served on a new port ({@link #url} follows). */
    @Override
    void restart() {
        // The rule's start runs init.groovy.d, as core's does.
        rule.restart()
        url = rule.URL
    }

    @Override
    void close() {
        try {
            rule.after()
        } finally {
            Logger.getLogger('').removeHandler(toConsole)
            home.deleteDir()
        }
    }
}
