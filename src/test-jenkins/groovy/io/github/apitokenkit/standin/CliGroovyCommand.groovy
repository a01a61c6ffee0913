package io.github.apitokenkit.standin

import hudson.security.ACL
import hudson.security.ACLContext
import jenkins.model.Jenkins
import org.springframework.security.access.AccessDeniedException
import org.springframework.security.core.Authentication

import java.nio.charset.StandardCharsets

/**
 * Runs a script the way core's CLI command {@code groovy =} does (hudson.cli.GroovyCommand and CLICommand.main,
 * JENKINS-FACTS.md §20), without the CLI transport: Overall/Administer checked first; a new GroovyShell on the
 * uberClassLoader with no compiler configuration (so no star imports); bound are {@code out} (an autoflushing
 * PrintWriter over a UTF-8 OutputStreamWriter over stdout, which nothing flushes after the script: what the script
 * prints without a newline and leaves unflushed is lost, as in core), {@code stdin} (already read to its end: it
 * carried the script), {@code stdout}, {@code stderr}, and {@code args}, the arguments after {@code =} as a
 * String[] (GroovyShell.run with the name RemoteClass). The script's return value is dropped. An exception ends the
 * command as CLICommand.handleException ends it: an empty line, then "ERROR: " and its message on stderr with exit 3
 * (IllegalArgumentException), 4 (IllegalStateException) or 6 (access denied); anything else is exit 1 with core's
 * "unexpected exception" line and the stack trace. ScriptListener events and CLIListener are not modelled.
 */
class CliGroovyCommand {
    /** What the CLI client would show: the exit code, stdout and stderr. */
    static class Outcome {
        int exitCode
        String stdout
        String stderr
    }

    static Outcome run(String script, List<String> arguments, Authentication caller) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream()
        ByteArrayOutputStream stderr = new ByteArrayOutputStream()
        PrintStream out = new PrintStream(stdout, true, 'UTF-8')
        PrintStream err = new PrintStream(stderr, true, 'UTF-8')
        int exitCode
        ACLContext context = ACL.as2(caller)
        try {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER)
            Binding binding = new Binding()
            binding.setProperty('out', new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true))
            binding.setProperty('stdin', new ByteArrayInputStream(new byte[0]))
            binding.setProperty('stdout', out)
            binding.setProperty('stderr', err)
            new GroovyShell(Jenkins.get().pluginManager.uberClassLoader, binding).run(script, 'RemoteClass', arguments as String[])
            exitCode = 0
        } catch (IllegalArgumentException e) {
            err.println()
            err.println('ERROR: ' + e.message)
            exitCode = 3
        } catch (IllegalStateException e) {
            err.println()
            err.println('ERROR: ' + e.message)
            exitCode = 4
        } catch (AccessDeniedException e) {
            err.println()
            err.println('ERROR: ' + e.message)
            exitCode = 6
        } catch (Throwable t) {
            err.println()
            err.println('ERROR: Unexpected exception occurred while performing groovy command.')
            t.printStackTrace(err)
            exitCode = 1
        } finally {
            context.close()
        }
        out.flush()
        err.flush()
        return new Outcome(exitCode: exitCode, stdout: stdout.toString('UTF-8'), stderr: stderr.toString('UTF-8'))
    }
}
