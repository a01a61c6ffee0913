package io.github.apitokenkit.support

import hudson.FilePath
import hudson.PluginManager
import hudson.PluginWrapper
import hudson.security.ACL
import hudson.security.ACLContext
import hudson.util.RemotingDiagnostics
import jenkins.model.Jenkins
import jenkins.util.groovy.GroovyHookScript
import org.springframework.security.core.Authentication

/**
 * Jenkins's own ways of running a script, as the specs reach them on the class path they run on: here real core's
 * (the real-jenkinsrule profile). src/test-jenkins holds the same class over the stand-in, so a spec that goes through
 * {@link Kit} is one source for both.
 */
class JenkinsSide {
    /** The Script Console running a script as the caller, through core's own RemotingDiagnostics: what it prints. */
    static String console(String script, Authentication caller) {
        ACLContext context = ACL.as2(caller)
        try {
            RemotingDiagnostics.executeGroovy(script, FilePath.localChannel)
        } finally {
            context.close()
        }
    }

    /**
     * A POST of these form fields to core's /scriptText over HTTP, as the caller (SecuredJenkins: the password is the
     * user name), with the crumb and session a password needs: what Jenkins answers.
     */
    static String scriptText(Map<String, List<String>> form, Authentication caller) {
        String root = Jenkins.get().rootUrl
        String basic = 'Basic ' + "${caller.name}:${caller.name}".bytes.encodeBase64()
        HttpURLConnection crumbCall = (HttpURLConnection) new URL(root + 'crumbIssuer/api/json').openConnection()
        crumbCall.setRequestProperty('Authorization', basic)
        Map crumb = (Map) new groovy.json.JsonSlurper().parseText(crumbCall.inputStream.getText('UTF-8'))
        String cookie = crumbCall.getHeaderFields()['Set-Cookie']?.collect { it.split(';')[0] }?.join('; ')
        HttpURLConnection post = (HttpURLConnection) new URL(root + 'scriptText').openConnection()
        post.requestMethod = 'POST'
        post.doOutput = true
        post.setRequestProperty('Authorization', basic)
        post.setRequestProperty(crumb.crumbRequestField as String, crumb.crumb as String)
        if (cookie) {
            post.setRequestProperty('Cookie', cookie)
        }
        post.setRequestProperty('Content-Type', 'application/x-www-form-urlencoded; charset=UTF-8')
        post.outputStream.withStream { OutputStream out ->
            out.write(form.collectMany { String name, List<String> values ->
                values.collect { URLEncoder.encode(name, 'UTF-8') + '=' + URLEncoder.encode(it, 'UTF-8') }
            }.join('&').getBytes('UTF-8'))
        }
        int status = post.responseCode
        String answer = (status < 400 ? post.inputStream : post.errorStream)?.getText('UTF-8') ?: ''
        assert status == 200: "scriptText answered ${status}: ${answer.take(300)}"
        answer
    }

    /** The script compiled and run with this binding and the plugins' class loader, as the console's shell does. */
    static void evaluate(String source, String fileName, Binding binding) {
        new GroovyShell(Jenkins.get().pluginManager.uberClassLoader, binding).evaluate(source, fileName)
    }

    /** Core's init hook (GroovyHookScript "init") over home/init.groovy.d, as SYSTEM, its binding holding these variables first. */
    static void boot(File home, Map bindingVariables) {
        GroovyHookScript hook = new GroovyHookScript('init', Jenkins.get().servletContext, home, Jenkins.get().pluginManager.uberClassLoader)
        bindingVariables.each { k, v -> hook.bind(k as String, v) }
        ACLContext context = ACL.as2(ACL.SYSTEM2)
        try {
            hook.run()
        } finally {
            context.close()
        }
    }

    /**
     * The Jenkins CLI's groovy command, {@code groovy = ARGS...} with the script on its standard input, as the caller:
     * core's own CLICommand.main, as the CLI transport calls it once it has authenticated the caller.
     */
    static CliOutcome cli(String script, List<String> arguments, Authentication caller) {
        hudson.cli.CLICommand command = hudson.cli.CLICommand.clone('groovy')
        command.setTransportAuth2(caller)
        ByteArrayOutputStream stdout = new ByteArrayOutputStream()
        ByteArrayOutputStream stderr = new ByteArrayOutputStream()
        int exitCode = command.main(['='] + arguments, Locale.ENGLISH, new ByteArrayInputStream(script.getBytes('UTF-8')),
                new PrintStream(stdout, true, 'UTF-8'), new PrintStream(stderr, true, 'UTF-8'))
        new CliOutcome(exitCode: exitCode, stdout: stdout.toString('UTF-8'), stderr: stderr.toString('UTF-8'))
    }

    /**
     * A plugin of that short name in the plugin manager's list, active or not (core: active unless its disable file
     * exists), with no code of its own, made with PluginWrapper's public constructor. The list itself has no public way
     * in: its field is set by reflection, here only.
     */
    static void installPlugin(String shortName, String version, boolean active) {
        File folder = java.nio.file.Files.createTempDirectory('plugin').toFile()
        folder.deleteOnExit()
        File disabled = new File(folder, shortName + '.jpi.disabled')
        if (!active) {
            disabled.text = ''
        }
        java.util.jar.Manifest manifest = new java.util.jar.Manifest()
        manifest.mainAttributes.putValue('Manifest-Version', '1.0')
        manifest.mainAttributes.putValue('Short-Name', shortName)
        manifest.mainAttributes.putValue('Plugin-Version', version)
        PluginWrapper plugin = new PluginWrapper(Jenkins.get().pluginManager, new File(folder, shortName + '.jpi'), manifest, folder.toURI().toURL(),
                JenkinsSide.classLoader, disabled, [], [])
        java.lang.reflect.Field plugins = PluginManager.getDeclaredField('plugins')
        plugins.accessible = true
        removePlugin(shortName)
        ((List) plugins.get(Jenkins.get().pluginManager)) << plugin
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
}
