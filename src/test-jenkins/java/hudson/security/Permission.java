// Stand-in of hudson.security.Permission (Jenkins 2.579): group, name, implication and id
// ("<group owner class>.<name>", e.g. hudson.model.Hudson.Administer). Descriptions (Localizable), scopes and the
// global registry behind fromId/getAll are left out.
package hudson.security;

import hudson.model.Hudson;
import java.util.ArrayList;
import java.util.List;

public final class Permission {
    public final Class owner;
    public final PermissionGroup group;
    public final String name;
    public final Permission impliedBy;
    public boolean enabled = true;

    public Permission(PermissionGroup group, String name, Permission impliedBy) {
        this.owner = group.owner;
        this.group = group;
        this.name = name;
        this.impliedBy = impliedBy;
        group.add(this);
    }

    public String getId() {
        return owner.getName() + '.' + name;
    }

    public boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enable) {
        enabled = enable;
    }

    /** Every permission of every group. */
    public static List<Permission> getAll() {
        List<Permission> all = new ArrayList<>();
        for (PermissionGroup g : PermissionGroup.getAll()) {
            all.addAll(g.getPermissions());
        }
        return all;
    }

    /** Finds a permission by its id, e.g. "hudson.model.Hudson.Administer"; null when unknown. */
    public static Permission fromId(String id) {
        int dot = id.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        for (PermissionGroup g : PermissionGroup.getAll()) {
            if (g.owner.getName().equals(id.substring(0, dot))) {
                Permission p = g.find(id.substring(dot + 1));
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Permission[" + owner + "," + name + "]";
    }

    public static final PermissionGroup HUDSON_PERMISSIONS = new PermissionGroup(Hudson.class, "Overall");
    public static final Permission HUDSON_ADMINISTER = new Permission(HUDSON_PERMISSIONS, "Administer", null);
    public static final PermissionGroup GROUP = new PermissionGroup(Permission.class, "N/A");
    public static final Permission FULL_CONTROL = new Permission(GROUP, "FullControl", HUDSON_ADMINISTER);
    public static final Permission READ = new Permission(GROUP, "GenericRead", HUDSON_ADMINISTER);
    public static final Permission WRITE = new Permission(GROUP, "GenericWrite", HUDSON_ADMINISTER);
}
