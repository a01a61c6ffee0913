// Stand-in of jenkins.util.ScriptListener (Jenkins 2.427): the extension point an audit plugin implements to record
// every script Jenkins runs (the Script Console, /scriptText, the CLI's groovy command, init.groovy.d) and what it
// printed. The fire methods tell every registered listener as SYSTEM, log a listener's failure and go on, as core's
// Listeners.notify(type, true, ...) does. Who fires what, with which feature and context: JENKINS-FACTS.md §14.
package jenkins.util;

import groovy.lang.Binding;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.github.apitokenkit.standin.Since;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

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
        tell(listener -> listener.onScriptExecution(script, binding, feature, context, correlationId, user));
    }

    @Since("2.427")
    static void fireScriptOutput(String output, Object feature, Object context, String correlationId, User user) {
        tell(listener -> listener.onScriptOutput(output, feature, context, correlationId, user));
    }

    /** The stand-in's own (core delegates to jenkins.util.Listeners, which the stand-in does not model). */
    private static void tell(Consumer<ScriptListener> event) {
        for (ScriptListener listener : ExtensionList.lookup(ScriptListener.class)) {
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                event.accept(listener);
            } catch (Throwable failure) {
                Logger.getLogger(ScriptListener.class.getName()).log(Level.WARNING, "Listener " + listener + " failed", failure);
            }
        }
    }
}
