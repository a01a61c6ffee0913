// Stand-in of hudson.model.AdministrativeMonitor (Jenkins 2.579): an extension that tells administrators of a
// condition; its id, whether it is activated, whether it is about security. Its Stapler pages, the disabling of
// monitors, the required permission and the AbstractModelObject and StaplerProxy parts are left out.
package hudson.model;

import hudson.ExtensionList;
import hudson.ExtensionPoint;

public abstract class AdministrativeMonitor implements ExtensionPoint {
    public final String id;

    protected AdministrativeMonitor(String id) {
        this.id = id;
    }

    protected AdministrativeMonitor() {
        this.id = getClass().getName();
    }

    public String getDisplayName() {
        return id;
    }

    public abstract boolean isActivated();

    public boolean isSecurity() {
        return false;
    }

    public static ExtensionList<AdministrativeMonitor> all() {
        return ExtensionList.lookup(AdministrativeMonitor.class);
    }
}
