// Stand-in of org.jvnet.hudson.test.MockAuthorizationStrategy (jenkins-test-harness 2578.v44660312fd37):
// grant(...) (with every permission the granted ones imply, closed at grant time) or grantWithoutImplication(...),
// then everywhere()/onRoot() and to(...)/toEveryone()/toAuthenticated(). Grants hold permission ids and match the
// caller's name, each of its authorities, "role_everyone" and "anonymous", as core's SidACL does; SYSTEM2 always
// passes. The stand-in has no items or folders, so onItems/onFolders/onPaths are left out.
package org.jvnet.hudson.test;

import hudson.model.User;
import hudson.security.ACL;
import hudson.security.AuthorizationStrategy;
import hudson.security.Permission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

public class MockAuthorizationStrategy extends AuthorizationStrategy {
    private final List<Grant.GrantOn.GrantOnTo> grantsOnTo = new ArrayList<>();

    public MockAuthorizationStrategy() {}

    public Grant grant(Permission... permissions) {
        Set<Permission> granted = new HashSet<>(List.of(permissions));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Permission p : Permission.getAll()) {
                if (p.impliedBy != null && granted.contains(p.impliedBy) && granted.add(p)) {
                    grew = true;
                }
            }
        }
        return new Grant(granted);
    }

    public Grant grantWithoutImplication(Permission... permissions) {
        return new Grant(new HashSet<>(List.of(permissions)));
    }

    public class Grant {
        private final Set<String> permissions = new HashSet<>();

        Grant(Set<Permission> permissions) {
            for (Permission p : permissions) {
                this.permissions.add(p.getId());
            }
        }

        public GrantOn everywhere() {
            return new GrantOn(".*");
        }

        public GrantOn onRoot() {
            return new GrantOn("");
        }

        public class GrantOn {
            private final Pattern regexp;

            GrantOn(String regexp) {
                this.regexp = Pattern.compile(regexp);
            }

            public MockAuthorizationStrategy to(String... sids) {
                grantsOnTo.add(new GrantOnTo(new HashSet<>(List.of(sids))));
                return MockAuthorizationStrategy.this;
            }

            public MockAuthorizationStrategy to(User... users) {
                List<String> sids = new ArrayList<>();
                for (User u : users) {
                    sids.add(u.getId());
                }
                return to(sids.toArray(new String[0]));
            }

            public MockAuthorizationStrategy toEveryone() {
                return to("role_everyone");
            }

            public MockAuthorizationStrategy toAuthenticated() {
                return to("authenticated");
            }

            class GrantOnTo {
                private final Set<String> sids;

                GrantOnTo(Set<String> sids) {
                    this.sids = sids;
                }

                boolean matches(String path, String name, Permission permission) {
                    return regexp.matcher(path).matches() && sids.contains(name) && permissions.contains(permission.getId());
                }
            }
        }
    }

    @Override
    public ACL getRootACL() {
        return ACL.lambda2((a, p) -> a.equals(ACL.SYSTEM2) || granted(a, p));
    }

    /** The root's path is "": a grant matches the caller's name, its authorities, then everyone and anonymous. */
    private boolean granted(Authentication a, Permission p) {
        List<String> names = new ArrayList<>();
        names.add(a.getName());
        for (GrantedAuthority authority : a.getAuthorities()) {
            names.add(authority.getAuthority());
        }
        names.add("role_everyone");
        names.add(ACL.ANONYMOUS_USERNAME);
        for (Grant.GrantOn.GrantOnTo grant : grantsOnTo) {
            for (String name : names) {
                if (grant.matches("", name, p)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Collection<String> getGroups() {
        return Collections.emptySet();
    }
}
