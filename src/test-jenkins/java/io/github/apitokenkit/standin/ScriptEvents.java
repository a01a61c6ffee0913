package io.github.apitokenkit.standin;

import groovy.lang.Binding;
import hudson.model.User;
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

    private ScriptEvents() {}

    public static String run(String script, Supplier<String> console) {
        String correlationId = UUID.randomUUID().toString();
        ScriptListener.fireScriptExecution(script, new Binding(), FEATURE, null, correlationId, User.current());
        String output = console.get();
        ScriptListener.fireScriptOutput(output, FEATURE, null, correlationId, User.current());
        return output;
    }
}
