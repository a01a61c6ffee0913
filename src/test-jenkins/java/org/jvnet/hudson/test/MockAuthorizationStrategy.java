// Stand-in of org.jvnet.hudson.test.MockAuthorizationStrategy (jenkins-test-harness 2578.v44660312fd37):
// grant(...).everywhere()/onRoot().to(...)/toEveryone()/toAuthenticated(), granting the permissions named and, unless
// grantWithoutImplication is used, every permission they imply. The stand-in has no items or folders, so
// onItems/onFolders/onPaths are left out.
package org.jvnet.hudson.test;

import hudson.model.User;
import hudson.security.ACL;
import hudson.security.AuthorizationStrategy;
import hudson.security.Permission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

public class MockAuthorizationStrategy extends AuthorizationStrategy {
    private static final String EVERYONE = "*everyone*";
    private static final String AUTHENTICATED = "authenticated";

    private final List<Grant.GrantOn.GrantOnTo> grantsOnTo = new ArrayList<>();

    public MockAuthorizationStrategy() {}

    public Grant grant(Permission... permissions) {
        return new Grant(permissions, true);
    }

    public Grant grantWithoutImplication(Permission... permissions) {
        return new Grant(permissions, false);
    }

    public class Grant {
        private final Set<Permission> permissions = new HashSet<>();
        private final boolean implying;

        Grant(Permission[] permissions, boolean implying) {
            this.permissions.addAll(List.of(permissions));
            this.implying = implying;
        }

        public GrantOn everywhere() {
            return new GrantOn();
        }

        public GrantOn onRoot() {
            return new GrantOn();
        }

        public class GrantOn {
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
                return to(EVERYONE);
            }

            public MockAuthorizationStrategy toAuthenticated() {
                return to(AUTHENTICATED);
            }

            class GrantOnTo {
                private final Set<String> sids;

                GrantOnTo(Set<String> sids) {
                    this.sids = sids;
                }

                boolean grants(Set<String> callerSids, Permission p) {
                    if (callerSids.stream().noneMatch(sids::contains)) {
                        return false;
                    }
                    for (Permission implied = p; implied != null; implied = implying ? implied.impliedBy : null) {
                        if (permissions.contains(implied)) {
                            return true;
                        }
                    }
                    return false;
                }
            }
        }
    }

    @Override
    public ACL getRootACL() {
        return ACL.lambda2(this::granted);
    }

    private boolean granted(Authentication a, Permission p) {
        Set<String> callerSids = new HashSet<>();
        callerSids.add(EVERYONE);
        callerSids.add(a.getName());
        if (!ACL.isAnonymous2(a)) {
            callerSids.add(AUTHENTICATED);
        }
        for (GrantedAuthority authority : a.getAuthorities()) {
            callerSids.add(authority.getAuthority());
        }
        for (Grant.GrantOn.GrantOnTo grant : grantsOnTo) {
            if (grant.grants(callerSids, p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Collection<String> getGroups() {
        return new TreeSet<>();
    }
}
