package io.github.apitokenkit.standin;

import hudson.ExtensionList;
import hudson.security.ACL;
import hudson.security.ACLContext;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stand-in plumbing, not a Jenkins class: tells every registered listener of a type about one event, as core's
 * {@code jenkins.util.Listeners.notify} (2.325) does for SaveableListener and ScriptListener (JENKINS-FACTS.md §20):
 * the listeners come from {@code ExtensionList.lookup} (none without a Jenkins), optionally all of them as SYSTEM,
 * and whatever one throws, an {@code Error} included, is logged at WARNING with no message on the logger named after
 * the listener type, and the next listener is told. The stand-in's listener classes call this rather than a
 * {@code Listeners} class of their own, so they work at every version the stand-in can be loaded as.
 */
public final class Notifications {
    private Notifications() {}

    public static <L> void notify(Class<L> listenerType, boolean asSystem, Consumer<L> notification) {
        if (!asSystem) {
            tellEach(listenerType, notification);
            return;
        }
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            tellEach(listenerType, notification);
        }
    }

    private static <L> void tellEach(Class<L> listenerType, Consumer<L> notification) {
        for (L listener : ExtensionList.lookup(listenerType)) {
            try {
                notification.accept(listener);
            } catch (Throwable failure) {
                Logger.getLogger(listenerType.getName()).log(Level.WARNING, null, failure);
            }
        }
    }
}
