package io.github.apitokenkit.support

import hudson.model.Hudson
import hudson.security.ACL
import io.github.apitokenkit.standin.ConsoleLayout
import io.github.apitokenkit.standin.InitHook
import jenkins.model.Jenkins

/**
 * A boot in a process of its own: starts a stand-in Jenkins on JENKINS_HOME (first argument), runs the init
 * scripts of a folder (second argument) as core's hook does, and stops; its log lines as a real Jenkins's console. For what a spec cannot set in its own JVM,
 * such as an environment variable.
 */
class BootProcess {
    static void main(String[] args) {
        ConsoleLayout.install()
        Jenkins jenkins = new Hudson(new File(args[0]), null)
        def system = ACL.as2(ACL.SYSTEM2)
        try {
            new InitHook().run(new File(args[1]))
        } finally {
            system.close()
            jenkins.cleanUp()
        }
    }

    /** Runs a boot with the given environment added; its exit status and output. */
    static Map run(File home, File initFolder, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(SandboxProcess.java(BootProcess.name) + [home.path, initFolder.path])
        builder.environment().putAll(environment)
        Process process = builder.redirectErrorStream(true).start()
        String output = process.inputStream.getText('UTF-8')
        return [status: process.waitFor(), output: output]
    }
}
