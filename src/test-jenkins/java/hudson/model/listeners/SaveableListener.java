// Stand-in of hudson.model.listeners.SaveableListener (Jenkins 2.579, the class since 1.334): told after a Saveable
// wrote its file. onDeleted, the deprecated register/unregister and the class's logging of a failing listener's
// stack trace are left out; a listener that throws is skipped, as in core.
package hudson.model.listeners;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.XmlFile;
import hudson.model.Saveable;
import java.util.logging.Level;
import java.util.logging.Logger;

public abstract class SaveableListener implements ExtensionPoint {
    private static final Logger LOGGER = Logger.getLogger(SaveableListener.class.getName());

    public void onChange(Saveable o, XmlFile file) {
    }

    public static void fireOnChange(Saveable o, XmlFile file) {
        for (SaveableListener listener : all()) {
            try {
                listener.onChange(o, file);
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "Listener " + listener + " failed on " + file, e);
            }
        }
    }

    public static ExtensionList<SaveableListener> all() {
        return ExtensionList.lookup(SaveableListener.class);
    }
}
