package io.github.apitokenkit.standin;

import groovy.lang.Binding;
import hudson.model.User;
import java.io.File;
import java.lang.reflect.Method;
import java.util.UUID;
import java.util.function.Supplier;
import jenkins.util.ScriptListener;

/**
 * Stand-in plumbing, not a Jenkins class: what core's RemotingDiagnostics.executeGroovy does around a Script Console
 * run, which the stand-in does not model: ScriptListener hears the script before it runs and its output after, under
 * one correlation id, with the current user (JENKINS-FACTS.md §14). In Java because Groovy 2.4 cannot call an
 * interface's static methods. Core names its own class as the feature; the stand-in, lacking it, names it as text.
 */
public final class ScriptEvents {
    static final String FEATURE = "hudson.util.RemotingDiagnostics";
    static final String HOOK = "jenkins.util.groovy.GroovyHookScript";

    private ScriptEvents() {}

    /**
     * What core's GroovyHookScript.execute does before it runs an init script, since ScriptListener came (2.427): tells
     * the listeners the script's text and the hook's binding, with the hook as feature (named as text here, as above),
     * the script's file as context, "&lt;hook class&gt;:init" as correlation id, and the current user, which as SYSTEM
     * is core's in-memory SYSTEM user. A stand-in older than 2.427 tells nobody and asks for no user, as core did not.
     */
    public static void initScript(String script, Binding binding, File file) {
        if (listenersHear()) {
            ScriptListener.fireScriptExecution(script, binding, HOOK, file, HOOK + ":init", User.current());
        }
    }

    /** Whether this stand-in's Jenkins has ScriptListener's events (a versioned stand-in below 2.427 lacks them). */
    private static boolean listenersHear() {
        for (Method method : ScriptListener.class.getDeclaredMethods()) {
            if (method.getName().equals("fireScriptExecution")) {
                return true;
            }
        }
        return false;
    }

    public static String run(String script, Supplier<String> console) {
        String correlationId = UUID.randomUUID().toString();
        ScriptListener.fireScriptExecution(script, new Binding(), FEATURE, null, correlationId, User.current());
        String output = console.get();
        ScriptListener.fireScriptOutput(output, FEATURE, null, correlationId, User.current());
        return output;
    }
}
