package io.github.apitokenkit.support

import hudson.security.ACL
import io.github.apitokenkit.launcher.RemoteScript
import io.github.apitokenkit.launcher.Sealer
import org.codehaus.groovy.runtime.InvokerHelper
import org.springframework.security.core.Authentication

import java.nio.file.Files

/**
 * Runs the kit's scripts the three ways an administrator does: pasted into the Script Console with the defaults
 * edited, sent by the launcher (prologue, parameters, envelope, and a sealing key, or else plaintext values asked for
 * explicitly) to /scriptText, and dropped into init.groovy.d with parameters left in the shared binding by an earlier
 * script.
 */
class Kit {
    static final File SCRIPTS = new File('scripts')
    /** The launcher prologue's own lines that bind its payload (RemoteScript.BIND_PAYLOAD), compiled once. */
    static final Class BIND_PAYLOAD = new GroovyClassLoader(Kit.classLoader).parseClass(RemoteScript.BIND_PAYLOAD, 'BindPayload.groovy')

    static String source(String script) {
        new File(SCRIPTS, script + '.groovy').getText('UTF-8')
    }

    /** What /scriptText would answer to the launcher, and what the launcher reads from it. */
    static class Launched {
        String posted
        String output
        RemoteScript.Result result
        Sealer sealer
        String nonce

        /**
         * The value a reference in the result stands for ("<secret N of NONCE>"), opened with the launcher's key from
         * the envelope's own secrets field.
         */
        String unseal(String reference) {
            int n = (reference =~ /^<secret (\d+) of [0-9a-f]{32}>$/).with { assert it.matches(): reference; it.group(1) as int }
            sealer.unseal(result.secrets[n - 1], nonce)
        }
    }

    /**
     * The launcher's POST to /scriptText without HTTP: its fields as the request Stapler is handling while the script
     * runs (a known value travels in a field of its own), the script run as the caller; Launched.posted is the script
     * field. Values come back sealed when asked, otherwise in plaintext.
     */
    static Launched launch(String script, Map parameters, Authentication caller, boolean sealed = false) {
        Sealer sealer = sealed ? new Sealer() : null
        String nonce = RemoteScript.newNonce()
        RemoteScript.Post post = RemoteScript.post(script, source(script), parameters, nonce, sealer?.publicKey(), !sealed)
        String posted = post.script
        Map<String, List<String>> form = [script: [posted]] + (post.values == null ? [:] : [(RemoteScript.VALUES_FIELD): [post.values]])
        String output = JenkinsSide.scriptText(form, caller)
        return new Launched(posted: posted, output: output, result: RemoteScript.read(output, nonce), sealer: sealer, nonce: nonce)
    }

    /**
     * What the launcher's prologue does with its payload, without its envelope: the
     * payload built by RemoteScript (so the launcher's own refusals, its hashing of a leaked value and its JSON round
     * trip apply), bound by the prologue's own lines (values in plaintext), the script run as the caller. A throw
     * escapes: the runtime reports bad input itself, so a throw is a defect the spec should see.
     * <p>
     * This is how the specs run a script for what it does. Kit.launch, the whole path, compiles the script again in
     * the prologue's own GroovyShell at every call (about 0.1 s), and what it adds is the same for every script, so
     * each script spec keeps it for the features about the launcher (envelope, sealing), and LauncherSpec takes every
     * bundled script through it over HTTP.
     */
    static Launched bound(String script, Map parameters, Authentication caller) {
        String nonce = RemoteScript.newNonce()
        String posted = RemoteScript.build(script, source(script), parameters, nonce, null, true)
        StringWriter output = new StringWriter()
        Binding binding = new Binding()
        binding.setVariable('out', new PrintWriter(output))
        binding.setVariable('apiTokenKitLaunch', new groovy.json.JsonSlurper().parseText(RemoteScript.payload(posted)))
        InvokerHelper.createScript(BIND_PAYLOAD, binding).run()
        binding.variables.remove('apiTokenKitLaunch')
        String fileName = script.replaceAll(/[^A-Za-z0-9_]/, '_') + '.groovy'
        hudson.security.ACLContext context = ACL.as2(caller)
        try {
            JenkinsSide.evaluate(source(script), fileName, binding)
        } finally {
            context.close()
        }
        binding.getVariable('out').flush()
        return new Launched(posted: posted, output: output.toString(), result: RemoteScript.read(output.toString(), nonce))
    }

    /** The script as a person pastes it after editing the values of its defaults map; its console output. */
    static String paste(String script, Map edits, Authentication caller) {
        JenkinsSide.console(edited(script, edits), caller)
    }

    static String edited(String script, Map edits) {
        String text = source(script)
        edits.each { String name, Object value ->
            def line = ~/(?m)^(\s+${name}\s*:\s*)(.*?)(,?)$/
            assert text =~ line: "no parameter ${name} in ${script}"
            text = text.replaceFirst(line) { all, start, old, comma -> start + literal(value) + comma }
        }
        return text
    }

    private static String literal(Object value) {
        value instanceof String ? value.inspect() : value instanceof List ? value.collect { it.inspect() }.toString() : String.valueOf(value)
    }

    /** The script run from init.groovy.d as SYSTEM, parameters preset in the shared binding; what it printed. */
    static String boot(String script, Map bindingVariables = [:]) {
        File home = Files.createTempDirectory('home').toFile()
        try {
            File folder = new File(home, 'init.groovy.d')
            folder.mkdir()
            new File(folder, "50-${script}.groovy").setText(source(script), 'UTF-8')
            PrintStream original = System.out
            ByteArrayOutputStream captured = new ByteArrayOutputStream()
            System.out = new PrintStream(captured, true, 'UTF-8')
            try {
                JenkinsSide.boot(home, bindingVariables)
            } finally {
                System.out = original
            }
            return captured.toString('UTF-8')
        } finally {
            home.deleteDir()
        }
    }

    static Authentication system() {
        ACL.SYSTEM2
    }
}
