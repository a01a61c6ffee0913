// Stand-in of jenkins.util.ScriptListener (Jenkins 2.427): the extension point an audit plugin implements to record
// every script Jenkins runs (the Script Console, /scriptText, the CLI's groovy command, init.groovy.d) and what it
// printed. The fire methods tell every registered listener as SYSTEM, log whatever a listener throws (an Error too) and
// go on, as core's Listeners.notify(ScriptListener.class, true, ...) does (JENKINS-FACTS.md §20). Who fires what, with which feature and context: JENKINS-FACTS.md §14.
package jenkins.util;

import groovy.lang.Binding;
import hudson.ExtensionPoint;
import hudson.model.User;
import io.github.apitokenkit.standin.Notifications;
import io.github.apitokenkit.standin.Since;

public interface ScriptListener extends ExtensionPoint {
    @Since("2.427")
    default void onScriptExecution(String script, Binding binding, Object feature, Object context, String correlationId,
            User user) {
    }

    @Since("2.427")
    default void onScriptOutput(String output, Object feature, Object context, String correlationId, User user) {
    }

    @Since("2.427")
    static void fireScriptExecution(String script, Binding binding, Object feature, Object context, String correlationId,
            User user) {
        Notifications.notify(ScriptListener.class, true, listener -> listener.onScriptExecution(script, binding, feature, context, correlationId, user));
    }

    @Since("2.427")
    static void fireScriptOutput(String output, Object feature, Object context, String correlationId, User user) {
        Notifications.notify(ScriptListener.class, true, listener -> listener.onScriptOutput(output, feature, context, correlationId, user));
    }
}
