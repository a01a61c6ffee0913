package io.github.apitokenkit.standin

import hudson.security.ACL
import hudson.security.ACLContext
import org.codehaus.groovy.control.CompilerConfiguration

import java.util.logging.Level
import java.util.logging.Logger

/**
 * Runs the {@code *.groovy} files of a folder the way core runs {@code $JENKINS_HOME/init.groovy.d}
 * (JENKINS-FACTS.md §15): lexicographic order, no imports, one Binding shared by every script of the run and no
 * variable bound in it, as SYSTEM. A RuntimeException or an IOException is logged as a WARNING and the next script
 * runs; anything else (an Error such as a failed {@code assert}, another checked exception) escapes and, in core,
 * fails the boot: here it is thrown as {@link BootFailure}. Each run's classes are defined afresh, from bytecode
 * compiled once per text ({@link CompiledScripts}).
 */
class InitHook {
    static final Logger LOGGER = Logger.getLogger('jenkins.util.groovy.GroovyHookScript')

    static class BootFailure extends RuntimeException {
        final String script

        BootFailure(String script, Throwable cause) {
            super("init script ${script} aborted the boot: ${cause}", cause)
            this.script = script
        }
    }

    /** The Binding core shares across the scripts of one hook run; kept so specs can look at it. */
    final Binding sharedBinding = new Binding()

    /** Runs every *.groovy file of {@code folder}; returns the names it ran, in order. */
    List<String> run(File folder) {
        List<File> scripts = (folder.listFiles() ?: new File[0]).findAll { it.isFile() && it.name.endsWith('.groovy') }
        scripts.sort { a, b -> a.name <=> b.name }
        scripts.each { runOne(it) }
        return scripts*.name
    }

    private void runOne(File script) {
        ACLContext context = ACL.as2(ACL.SYSTEM2)
        try {
            LOGGER.info("Executing ${script}")
            try {
                CompiledScripts.evaluate(script.getText('UTF-8'), script.name, InitHook.classLoader, CompilerConfiguration.DEFAULT, sharedBinding)
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "Failed to run script ${script.name}", e)
            }
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Failed to execute ${script}", e)
        } catch (Throwable t) {
            throw new BootFailure(script.name, t)
        } finally {
            context.close()
        }
    }
}
