// Stand-in of hudson.ExtensionList (Jenkins 2.579): a read-only view of the extensions of one type registered in
// a Jenkins instance, with lookup, lookupSingleton, get, getInstance, and add and remove of instances. With no
// Jenkins running, lookup answers an empty list (core: Jenkins.getInstanceOrNull, then a list of no instance), whose
// additions stay in that list alone. Core's ExtensionComponent ordinals, listeners and refresh are left out.
package hudson;

import io.github.apitokenkit.standin.Extensions;
import java.util.AbstractList;
import java.util.List;
import jenkins.model.Jenkins;

public class ExtensionList<T> extends AbstractList<T> {
    public final Jenkins jenkins;
    public final Class<T> extensionType;
    private final List<T> extensions;

    protected ExtensionList(Jenkins jenkins, Class<T> extensionType) {
        this.jenkins = jenkins;
        this.extensionType = extensionType;
        this.extensions = Extensions.of(jenkins, extensionType);
    }

    public <U extends T> U get(Class<U> type) {
        for (T extension : extensions) {
            if (extension.getClass() == type) {
                return type.cast(extension);
            }
        }
        return null;
    }

    public <U extends T> U getInstance(Class<U> type) throws IllegalStateException {
        U found = get(type);
        if (found == null) {
            throw new IllegalStateException("The class " + type.getName() + " was not found, potentially not yet loaded");
        }
        return found;
    }

    @Override
    public T get(int index) {
        return extensions.get(index);
    }

    @Override
    public int size() {
        return extensions.size();
    }

    /** Core keeps such an instance in this Jenkins's list until it stops (its "legacy instances"); deprecated there. */
    @Deprecated
    @Override
    public boolean add(T t) {
        if (jenkins != null) {
            Extensions.register(jenkins, t);
        }
        extensions.add(t);
        return true;
    }

    @Override
    public boolean remove(Object o) {
        if (jenkins != null) {
            Extensions.unregister(jenkins, o);
        }
        return extensions.remove(o);
    }

    public static <T> ExtensionList<T> create(Jenkins jenkins, Class<T> type) {
        return new ExtensionList<>(jenkins, type);
    }

    public static <T> ExtensionList<T> lookup(Class<T> type) {
        Jenkins j = Jenkins.getInstanceOrNull();
        return j == null ? create(null, type) : j.getExtensionList(type);
    }

    public static <U> U lookupSingleton(Class<U> type) {
        ExtensionList<U> all = lookup(type);
        if (all.size() != 1) {
            throw new IllegalStateException("Expected 1 instance of " + type.getName() + " but got " + all.size());
        }
        return all.get(0);
    }
}
