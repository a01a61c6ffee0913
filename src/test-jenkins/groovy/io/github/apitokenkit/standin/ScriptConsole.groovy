package io.github.apitokenkit.standin

import hudson.security.ACL
import hudson.security.ACLContext
import jenkins.model.Jenkins
import org.codehaus.groovy.control.CompilerConfiguration
import org.springframework.security.core.Authentication

/**
 * Runs a script the way core's Script Console and /scriptText do (JENKINS-FACTS.md §14): star imports of jenkins,
 * jenkins.model, hudson and hudson.model; only {@code out} bound; the script runs as the calling user; a non-null
 * result is printed as {@code Result: } + its Java toString() (so a map prints as {a=1}); any Throwable is printed
 * into the output in core's linear stack-trace format and never thrown; classes come from the plugin manager's
 * uberClassLoader. Each run's classes are defined afresh, from bytecode compiled once per text ({@link CompiledScripts}).
 */
class ScriptConsole {
    static final List<String> STAR_IMPORTS = ['jenkins', 'jenkins.model', 'hudson', 'hudson.model'].asImmutable()

    /** Runs {@code script} as {@code caller} and returns everything the console would show. */
    static String run(String script, Authentication caller) {
        StringWriter output = new StringWriter()
        PrintWriter out = new PrintWriter(output)
        ACLContext context = ACL.as2(caller)
        try {
            Binding binding = new Binding()
            binding.setVariable('out', out)
            ClassLoader uberClassLoader = Jenkins.get().pluginManager.uberClassLoader
            // GroovyShell.evaluate names a new shell's first script Script1.groovy.
            Object result = CompiledScripts.evaluate(script, 'Script1.groovy', uberClassLoader, CONFIGURATION, binding)
            if (result != null) {
                out.println('Result: ' + String.valueOf(result))
            }
        } catch (Throwable t) {
            out.println(LinearStackTrace.of(t))
        } finally {
            context.close()
        }
        out.flush()
        return output.toString()
    }

    /** The same configuration object for every Jenkins version the stand-in is loaded as: what CompiledScripts keys on. */
    private static final CompilerConfiguration CONFIGURATION = CompiledScripts.withStarImports(STAR_IMPORTS)
}
