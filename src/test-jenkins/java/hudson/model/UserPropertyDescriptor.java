// Stand-in of hudson.model.UserPropertyDescriptor (Jenkins 2.579): newInstance(User) and isEnabled(); the
// property categories are left out.
package hudson.model;

public abstract class UserPropertyDescriptor extends Descriptor<UserProperty> {
    protected UserPropertyDescriptor(Class<? extends UserProperty> clazz) {
        super(clazz);
    }

    protected UserPropertyDescriptor() {
        super();
    }

    /** Creates the default property for a user that has none yet; null when the user gets none. */
    public abstract UserProperty newInstance(User user);

    public boolean isEnabled() {
        return true;
    }
}
