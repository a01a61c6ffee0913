package io.github.apitokenkit.support

import io.github.apitokenkit.standin.Sandbox
import org.jvnet.hudson.test.JenkinsRule

/**
 * The stand-in in the spec's own JVM, served over real HTTP, with the sandbox's accounts: the cheap stand-in side of a
 * behaviour spec that needs neither a restart nor a console (the sandbox compiles every script at every call, as core
 * does; this one keeps each text's bytecode, which is what keeps the default run short). Specs that restart use
 * {@link SandboxController}.
 */
class InProcessStandIn extends Controller {
    private final JenkinsRule rule = new JenkinsRule()

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
        Sandbox.setUpAccounts(rule.jenkins)
        url = rule.URL
    }

    @Override
    String getDescription() {
        'the stand-in (in-process)'
    }

    @Override
    String getLog() {
        ''
    }

    @Override
    void restart() {
        throw new UnsupportedOperationException('the in-process stand-in runs no init.groovy.d at a restart: use SandboxController')
    }

    @Override
    void close() {
        try {
            rule.after()
        } finally {
            home.deleteDir()
        }
    }
}
