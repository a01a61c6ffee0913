// Stand-in of hudson.security.HudsonPrivateSecurityRealm (Jenkins 2.579): Jenkins's own user database. An account is
// a user with a Details property holding "#jbcrypt:" and a bcrypt hash (Spring Security's BCryptPasswordEncoder, as
// core uses); createAccount makes one without any check, authenticate2 checks a password, loadUserByUsername2 knows
// only users with a Details ("Password is not set: x" otherwise). Sign-up and its pages, captcha, FIPS's PBKDF2, the
// password complexity rules, the first-user filter, createAccountWithHashedPassword and the Acegi members are left out.
package hudson.security;

import hudson.model.User;
import hudson.model.UserProperty;
import hudson.model.UserPropertyDescriptor;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

public class HudsonPrivateSecurityRealm extends AbstractPasswordBasedSecurityRealm {
    private static final String JBCRYPT_HEADER = "#jbcrypt:";
    private static final Pattern BCRYPT_HASH = Pattern.compile("\\$2a\\$([0-9]{2})\\$.{53}");
    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder();
    /** Compared against when the user is unknown, so that a wrong name takes as long as a wrong password. */
    private static final String DUMMY_HASH = BCRYPT.encode("no such user");

    private final boolean disableSignup;

    @Deprecated
    public HudsonPrivateSecurityRealm(boolean allowsSignup) {
        this.disableSignup = !allowsSignup;
    }

    /** Makes (or overwrites) the account: the user, created if needed, gets a Details with the password's hash. */
    public User createAccount(String userName, String password) throws IOException {
        User user = User.getById(userName, true);
        user.addProperty(Details.fromPlainPassword(password));
        return user;
    }

    /** Every user that has an account here, sorted. */
    public List<User> getAllUsers() {
        return User.getAll().stream().filter(u -> u.getProperty(Details.class) != null).sorted().collect(Collectors.toList());
    }

    @Override
    public UserDetails loadUserByUsername2(String username) throws UsernameNotFoundException {
        return load(username).asUserDetails();
    }

    public Details load(String username) throws UsernameNotFoundException {
        User user = User.getById(username, false);
        Details details = user == null ? null : user.getProperty(Details.class);
        if (details == null) {
            throw new UsernameNotFoundException("Password is not set: " + username);
        }
        return details;
    }

    @Override
    protected UserDetails authenticate2(String username, String password) throws AuthenticationException {
        Details details;
        try {
            details = load(username);
        } catch (UsernameNotFoundException e) {
            BCRYPT.matches(password, DUMMY_HASH);
            throw e;
        }
        if (!details.isPasswordCorrect(password)) {
            throw new BadCredentialsException("Bad credentials");
        }
        return details.asUserDetails();
    }

    public static final class Details extends UserProperty {
        private String passwordHash;

        private Details(String passwordHash) {
            this.passwordHash = passwordHash;
        }

        static Details fromPlainPassword(String rawPassword) {
            return new Details(JBCRYPT_HEADER + BCRYPT.encode(rawPassword));
        }

        public Collection<? extends GrantedAuthority> getAuthorities2() {
            return Set.of(SecurityRealm.AUTHENTICATED_AUTHORITY2);
        }

        public String getPassword() {
            return passwordHash;
        }

        public boolean isPasswordCorrect(String candidate) {
            if (passwordHash == null || !passwordHash.startsWith(JBCRYPT_HEADER)) {
                return false;
            }
            String hash = passwordHash.substring(JBCRYPT_HEADER.length());
            java.util.regex.Matcher valid = BCRYPT_HASH.matcher(hash);
            if (!valid.matches() || Integer.parseInt(valid.group(1)) < 1 || Integer.parseInt(valid.group(1)) > 18) {
                return false;
            }
            return BCRYPT.matches(candidate, hash);
        }

        public String getUsername() {
            return user.getId();
        }

        public boolean isAccountNonExpired() {
            return true;
        }

        public boolean isAccountNonLocked() {
            return true;
        }

        public boolean isCredentialsNonExpired() {
            return true;
        }

        public boolean isEnabled() {
            return true;
        }

        UserDetails asUserDetails() {
            return new org.springframework.security.core.userdetails.User(getUsername(), passwordHash, true, true, true, true, getAuthorities2());
        }

        public static final class DescriptorImpl extends UserPropertyDescriptor {
            public DescriptorImpl() {
                super(Details.class);
            }

            /** Only this realm's users have one; no user gets one by default. */
            @Override
            public UserProperty newInstance(User user) {
                return null;
            }

            @Override
            public boolean isEnabled() {
                return Jenkins.get().getSecurityRealm() instanceof HudsonPrivateSecurityRealm;
            }
        }
    }
}
