// Stand-in of hudson.security.AuthorizationStrategy (Jenkins 2.579): the root ACL, the per-user ACL (root by
// default) and UNSECURED. ACLs of items, views, computers and clouds, and the Describable side, are left out.
package hudson.security;

import hudson.model.User;
import java.util.Collection;
import java.util.Collections;

public abstract class AuthorizationStrategy {
    public abstract ACL getRootACL();

    public ACL getACL(User user) {
        return getRootACL();
    }

    public abstract Collection<String> getGroups();

    public static final AuthorizationStrategy UNSECURED = new Unsecured();

    public static final class Unsecured extends AuthorizationStrategy {
        private static final ACL UNSECURED_ACL = ACL.lambda2((a, p) -> true);

        @Override
        public ACL getRootACL() {
            return UNSECURED_ACL;
        }

        @Override
        public Collection<String> getGroups() {
            return Collections.emptySet();
        }

        private Object readResolve() {
            return UNSECURED;
        }
    }
}
