// Stand-in of hudson.model.Descriptor (Jenkins 2.579): clazz, id, display name and the XStream persistence of
// global configuration in $JENKINS_HOME/<id>.xml. Forms, validation, help and Jelly views are left out.
package hudson.model;

import hudson.XmlFile;
import java.io.File;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

public abstract class Descriptor<T extends Describable<T>> implements Saveable {
    private static final Logger LOGGER = Logger.getLogger(Descriptor.class.getName());

    public final transient Class<? extends T> clazz;

    @SuppressWarnings("unchecked")
    protected Descriptor(Class<? extends T> clazz) {
        this.clazz = (Object) clazz == Self.class ? (Class<? extends T>) getClass() : clazz;
    }

    /** Marker for "the descriptor describes itself", as global configurations do. */
    @SuppressWarnings("unchecked")
    protected static <T> Class<T> self() {
        return (Class<T>) Self.class;
    }

    private static final class Self {}

    /** Like core, infers the described class from the class this descriptor is nested in. */
    @SuppressWarnings("unchecked")
    protected Descriptor() {
        Class<?> outer = getClass().getEnclosingClass();
        if (outer == null) {
            throw new AssertionError(getClass() + " is not nested in the class it describes: pass the class explicitly");
        }
        this.clazz = (Class<? extends T>) outer;
    }

    public String getId() {
        return clazz.getName();
    }

    public String getDisplayName() {
        return clazz.getSimpleName();
    }

    @Override
    public synchronized void save() {
        if (hudson.BulkChange.contains(this)) {
            return;
        }
        try {
            hudson.XmlFile file = getConfigFile();
            file.write(this);
            hudson.model.listeners.SaveableListener.fireOnChange(this, file);
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Failed to save " + getConfigFile(), e);
        }
    }

    public synchronized void load() {
        XmlFile file = getConfigFile();
        if (!file.exists()) {
            return;
        }
        try {
            file.unmarshal(this);
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Failed to load " + file, e);
        }
    }

    protected XmlFile getConfigFile() {
        return new XmlFile(Jenkins.XSTREAM2, new File(Jenkins.get().getRootDir(), getId() + ".xml"));
    }
}
