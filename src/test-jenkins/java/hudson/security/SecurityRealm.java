// Stand-in of hudson.security.SecurityRealm (Jenkins 2.579): the user id strategy (case-insensitive by default),
// loadUserByUsername2, AUTHENTICATED_AUTHORITY2 and NO_AUTHENTICATION. The servlet filter chain and Spring
// SecurityComponents are left out (the stand-in's HTTP side does authentication itself); a realm that does not
// override loadUserByUsername2 knows no user.
package hudson.security;

import jenkins.model.IdStrategy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

public abstract class SecurityRealm {
    public static final GrantedAuthority AUTHENTICATED_AUTHORITY2 = new SimpleGrantedAuthority("authenticated");

    public IdStrategy getUserIdStrategy() {
        return IdStrategy.CASE_INSENSITIVE;
    }

    public IdStrategy getGroupIdStrategy() {
        return getUserIdStrategy();
    }

    public UserDetails loadUserByUsername2(String username) throws UsernameNotFoundException {
        throw new UsernameNotFoundException(username);
    }

    public boolean allowsSignup() {
        return false;
    }

    public static final SecurityRealm NO_AUTHENTICATION = new None();

    private static final class None extends SecurityRealm {
        private Object readResolve() {
            return NO_AUTHENTICATION;
        }
    }
}
