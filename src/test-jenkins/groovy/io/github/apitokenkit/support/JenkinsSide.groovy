package io.github.apitokenkit.support

import io.github.apitokenkit.standin.CliGroovyCommand
import io.github.apitokenkit.standin.CompiledScripts
import io.github.apitokenkit.standin.CurrentRequest
import io.github.apitokenkit.standin.InitHook
import io.github.apitokenkit.standin.ScriptConsole
import hudson.PluginManager
import hudson.PluginWrapper
import jenkins.model.Jenkins
import org.codehaus.groovy.control.CompilerConfiguration
import org.springframework.security.core.Authentication

import java.lang.reflect.Constructor
import java.lang.reflect.Field
import java.util.function.Supplier

/**
 * Jenkins's own ways of running a script, as the specs reach them on the class path they run on: here the stand-in's.
 * src/test-real-jenkins holds the same class over real core (the real-jenkinsrule profile), so a spec that goes
 * through {@link Kit} is one source for both.
 */
class JenkinsSide {
    /** The Script Console (/script, /scriptText) running a script as the caller: what it prints. */
    static String console(String script, Authentication caller) {
        ScriptConsole.run(script, caller)
    }

    /** A POST of these form fields to /scriptText as the caller: what Jenkins answers. */
    static String scriptText(Map<String, List<String>> form, Authentication caller) {
        CurrentRequest.during('POST', form, { -> ScriptConsole.run(form.script[0], caller) } as Supplier<String>)
    }

    /** The script compiled and run with this binding and the plugins' class loader, as the console's shell does. */
    static void evaluate(String source, String fileName, Binding binding) {
        CompiledScripts.evaluate(source, fileName, Jenkins.get().pluginManager.uberClassLoader, CompilerConfiguration.DEFAULT, binding)
    }

    /** The init hook over home/init.groovy.d, as SYSTEM, its shared binding holding these variables first. */
    static void boot(File home, Map bindingVariables) {
        InitHook hook = new InitHook()
        bindingVariables.each { k, v -> hook.sharedBinding.setVariable(k as String, v) }
        hook.run(new File(home, 'init.groovy.d'))
    }

    /**
     * A plugin of that short name in the plugin manager's list, active or not, with no code of its own. Reflection is
     * confined here: the stand-in's PluginWrapper has no public way to make one.
     */
    static void installPlugin(String shortName, String version, boolean active) {
        Constructor<PluginWrapper> constructor = PluginWrapper.getDeclaredConstructor(String, String, boolean)
        constructor.accessible = true
        Field plugins = PluginManager.getDeclaredField('plugins')
        plugins.accessible = true
        removePlugin(shortName)
        ((List) plugins.get(Jenkins.get().pluginManager)) << constructor.newInstance(shortName, version, active)
    }

    /**
     * The plugin of that short name taken out of the plugin manager's list again. The real harness shares one plugin
     * manager between the tests of a JVM (TestPluginManager), so what a feature adds outlives its Jenkins.
     */
    static void removePlugin(String shortName) {
        java.lang.reflect.Field plugins = PluginManager.getDeclaredField('plugins')
        plugins.accessible = true
        List list = (List) plugins.get(Jenkins.get().pluginManager)
        // Not with an iterator's remove: core's list is a CopyOnWriteArrayList.
        list.removeAll(list.findAll { it.shortName == shortName })
    }

    /**
     * The Jenkins CLI's groovy command: {@code groovy = ARGS...} with the script on its standard input, as the caller;
     * a CliOutcome. (Declared as def: the Java half of the stand-in is compiled against stubs of this folder, which
     * cannot see src/test/groovy.)
     */
    static def cli(String script, List<String> arguments, Authentication caller) {
        CliGroovyCommand.Outcome outcome = CliGroovyCommand.run(script, arguments, caller)
        new CliOutcome(exitCode: outcome.exitCode, stdout: outcome.stdout, stderr: outcome.stderr)
    }
}
