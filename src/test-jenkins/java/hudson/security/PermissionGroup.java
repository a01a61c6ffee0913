// Stand-in of hudson.security.PermissionGroup (Jenkins 2.579): owner class and title. Core's title is a
// Localizable and its constructors are public; here the title is a plain English string and only the stand-in's
// own permission groups are created, so the constructor is package-private.
package hudson.security;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

public final class PermissionGroup implements Iterable<Permission> {
    public final Class owner;
    final String title;
    private final List<Permission> permissions = new ArrayList<>();

    private static final List<PermissionGroup> ALL = new ArrayList<>();

    PermissionGroup(Class owner, String title) {
        this.owner = owner;
        this.title = title;
        synchronized (PermissionGroup.class) {
            ALL.add(this);
        }
    }

    public static synchronized List<PermissionGroup> getAll() {
        return new ArrayList<>(ALL);
    }

    public String getId() {
        return owner.getName();
    }

    public String getOwnerClassName() {
        return owner.getName();
    }

    synchronized void add(Permission p) {
        permissions.add(p);
    }

    public synchronized List<Permission> getPermissions() {
        return new ArrayList<>(permissions);
    }

    @Override
    public Iterator<Permission> iterator() {
        return getPermissions().iterator();
    }

    public synchronized Permission find(String name) {
        for (Permission p : permissions) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "PermissionGroup[" + getOwnerClassName() + "]";
    }
}
