// Stand-in of hudson.model.listeners.SaveableListener (Jenkins 2.579, the class since 1.334): told after a Saveable
// wrote its file. onDeleted and the deprecated register/unregister are left out. fireOnChange tells each listener in
// the caller's identity; whatever one throws, an Error included, is logged at WARNING and the next one is told, as
// core's Listeners.notify(SaveableListener.class, false, ...) does (JENKINS-FACTS.md §20).
package hudson.model.listeners;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.XmlFile;
import hudson.model.Saveable;
import io.github.apitokenkit.standin.Notifications;

public abstract class SaveableListener implements ExtensionPoint {
    public void onChange(Saveable o, XmlFile file) {
    }

    public static void fireOnChange(Saveable o, XmlFile file) {
        Notifications.notify(SaveableListener.class, false, listener -> listener.onChange(o, file));
    }

    public static ExtensionList<SaveableListener> all() {
        return ExtensionList.lookup(SaveableListener.class);
    }
}
