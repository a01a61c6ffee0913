// Stand-in of hudson.model.UserProperty (Jenkins 2.579): the owning user and setUser. reconfigure(StaplerRequest2,
// JSONObject), all() and the ExtensionPoint/ReconfigurableDescribable interfaces are left out.
package hudson.model;

import jenkins.model.Jenkins;

public abstract class UserProperty implements Describable<UserProperty> {
    protected transient User user;

    protected void setUser(User u) {
        this.user = u;
    }

    @Override
    public UserPropertyDescriptor getDescriptor() {
        return (UserPropertyDescriptor) Jenkins.get().getDescriptor(getClass());
    }
}
