package io.github.apitokenkit.standin

import hudson.security.ACL
import hudson.security.ACLContext
import org.codehaus.groovy.control.CompilerConfiguration

import java.util.logging.Level
import java.util.logging.Logger

/**
 * Runs the {@code *.groovy} files of a folder the way core runs {@code $JENKINS_HOME/init.groovy.d}
 * (JENKINS-FACTS.md §15): lexicographic order, no imports, one Binding shared by every script of the run and no
 * variable bound in it, as SYSTEM, each script's text told to the ScriptListeners before it runs (ScriptEvents). A RuntimeException is logged as a WARNING "Failed to run script" with the script's
 * file: URL, an IOException as "Failed to execute" with its path, and the next script runs. Anything else escapes the
 * hook, so no later script of the folder runs: a LinkageError anywhere in its causes (a ClassFormatError included) is
 * logged by core's reactor as a WARNING and the boot goes on (here: logged the same, and the run ends); any other
 * Error (a failed {@code assert}) or checked exception fails the boot: here it is thrown as {@link BootFailure}. Core
 * logs the reactor's WARNING with that Throwable wrapped in an Error and an InvocationTargetException; here it is the
 * Throwable itself. Each run's classes are defined afresh, from bytecode compiled once per text ({@link CompiledScripts}).
 */
class InitHook {
    static final String HOOK = 'jenkins.util.groovy.GroovyHookScript'
    static final Logger LOGGER = Logger.getLogger(HOOK)
    /** Where core's reactor reports an init task that failed with a LinkageError (Jenkins.executeReactor, 2.15). */
    static final Logger REACTOR = Logger.getLogger('jenkins.model.Jenkins')

    static class BootFailure extends RuntimeException {
        final String script

        BootFailure(String script, Throwable cause) {
            super("init script ${script} aborted the boot: ${cause}", cause)
            this.script = script
        }
    }

    /** The Binding core shares across the scripts of one hook run; kept so specs can look at it. */
    final Binding sharedBinding = new Binding()

    /** Runs every *.groovy file of {@code folder}; returns the names it ran, in order, up to a LinkageError. */
    List<String> run(File folder) {
        List<File> scripts = (folder.listFiles() ?: new File[0]).findAll { it.isFile() && it.name.endsWith('.groovy') }
        scripts.sort { a, b -> a.name <=> b.name }
        List<String> ran = []
        for (File script : scripts) {
            ran << script.name
            Throwable escaped = runOne(script)
            if (escaped == null) {
                continue
            }
            if (!linkageError(escaped)) {
                throw new BootFailure(script.name, escaped)
            }
            REACTOR.logp(Level.WARNING, 'jenkins.model.Jenkins$5', 'runTask', 'GroovyInitScript.init failed perhaps due to plugin dependency issues', escaped)
            break
        }
        return ran
    }

    /** What escaped core's hook from this script, or null when it ran or its failure was logged. */
    private Throwable runOne(File script) {
        ACLContext context = ACL.as2(ACL.SYSTEM2)
        try {
            // Logged with core's source class and method: the console layout shows them (ConsoleLayout).
            LOGGER.logp(Level.INFO, HOOK, 'execute', "Executing ${script}")
            String text = script.getText('UTF-8')
            try {
                // Core tells its ScriptListeners the script first, with the current user: as SYSTEM that makes the
                // in-memory SYSTEM user, which User.getAll() then lists (never saved). GroovyCodeSource keeps the file
                // by its canonical path.
                ScriptEvents.initScript(text, sharedBinding, script.canonicalFile)
                CompiledScripts.evaluate(text, script.name, InitHook.classLoader, CompilerConfiguration.DEFAULT, sharedBinding)
            } catch (RuntimeException e) {
                // GroovyCodeSource's name for a file: its file: URL.
                LOGGER.logp(Level.WARNING, HOOK, 'execute', "Failed to run script ${script.toURI().toURL().toExternalForm()}", e)
            }
            return null
        } catch (IOException e) {
            LOGGER.logp(Level.WARNING, HOOK, 'execute', "Failed to execute ${script}", e)
            return null
        } catch (Throwable t) {
            return t
        } finally {
            context.close()
        }
    }

    private static boolean linkageError(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.cause == cause ? null : cause.cause) {
            if (cause instanceof LinkageError) {
                return true
            }
        }
        return false
    }
}
