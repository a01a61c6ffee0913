// Stand-in of hudson.security.AbstractPasswordBasedSecurityRealm (Jenkins 2.579): password checks through
// authenticate2, reachable from outside through the public final authenticateByPassword. The Acegi bridge and
// group lookups are left out.
package hudson.security;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

public abstract class AbstractPasswordBasedSecurityRealm extends SecurityRealm {
    protected UserDetails authenticate2(String username, String password) throws AuthenticationException {
        throw new UnsupportedOperationException(getClass().getName() + " must override authenticate2");
    }

    public final UserDetails authenticateByPassword(String username, String password) throws AuthenticationException {
        return authenticate2(username, password);
    }

    @Override
    public UserDetails loadUserByUsername2(String username) throws UsernameNotFoundException {
        return super.loadUserByUsername2(username);
    }
}
