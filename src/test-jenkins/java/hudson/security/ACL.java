// Stand-in of hudson.security.ACL (Jenkins 2.579): permission checks (SYSTEM2 always passes, disabled permissions
// fall back to the one implying them), SYSTEM2, as2/as and the impersonate2 variants. hasPermission2 is concrete as
// in core, but without core's bridge to the Acegi-era hasPermission; the Acegi members, Sids and create-permission
// checks are left out.
package hudson.security;

import hudson.model.User;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiFunction;
import jenkins.model.Jenkins;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

public abstract class ACL {
    public static final String ANONYMOUS_USERNAME = "anonymous";
    public static final String SYSTEM_USERNAME = "SYSTEM";
    public static final Authentication SYSTEM2 = new UsernamePasswordAuthenticationToken(SYSTEM_USERNAME, "SYSTEM");

    public final void checkPermission(Permission p) {
        Authentication a = Jenkins.getAuthentication2();
        if (a.equals(SYSTEM2)) {
            return;
        }
        if (!hasPermission2(a, p)) {
            while (!p.enabled && p.impliedBy != null) {
                p = p.impliedBy;
            }
            throw new AccessDeniedException3(a, p);
        }
    }

    /** Passes if any one is granted; else a plain AccessDeniedException naming them (disabled ones by what implies them). */
    public final void checkAnyPermission(Permission... permissions) {
        if (hasAnyPermission(permissions)) {
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        for (Permission p : permissions) {
            while (!p.enabled && p.impliedBy != null) {
                p = p.impliedBy;
            }
            names.add(p.group.title + "/" + p.name);
        }
        String who = Jenkins.getAuthentication2().getName();
        throw new AccessDeniedException(names.size() == 1
                ? who + " is missing the " + names.iterator().next() + " permission"
                : who + " is missing a permission, one of " + String.join(", ", names) + " is required");
    }

    public final boolean hasPermission(Permission p) {
        Authentication a = Jenkins.getAuthentication2();
        if (a.equals(SYSTEM2)) {
            return true;
        }
        return hasPermission2(a, p);
    }

    public final boolean hasAnyPermission(Permission... permissions) {
        if (permissions.length == 0) {
            throw new IllegalArgumentException("At least one permission must be provided");
        }
        for (Permission p : permissions) {
            if (hasPermission(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Not abstract in core, which falls back to the Acegi-era hasPermission when a subclass overrides that one; the
     * stand-in has no Acegi types, so a subclass must override this, as core's error says.
     */
    public boolean hasPermission2(Authentication a, Permission permission) {
        throw new AbstractMethodError("implementing class " + getClass() + " must override at least one of the methods hasPermission/hasPermission2");
    }

    public static ACL lambda2(final BiFunction<Authentication, Permission, Boolean> impl) {
        return new ACL() {
            @Override
            public boolean hasPermission2(Authentication a, Permission permission) {
                return impl.apply(a, permission);
            }
        };
    }

    @Deprecated
    public static SecurityContext impersonate2(Authentication auth) {
        SecurityContext old = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        return old;
    }

    @Deprecated
    public static void impersonate2(Authentication auth, Runnable body) {
        SecurityContext old = impersonate2(auth);
        try {
            body.run();
        } finally {
            SecurityContextHolder.setContext(old);
        }
    }

    public static ACLContext as2(Authentication auth) {
        return new ACLContext(impersonate2(auth));
    }

    public static ACLContext as(User user) {
        return as2(user == null ? Jenkins.ANONYMOUS2 : user.impersonate2());
    }

    public static boolean isAnonymous2(Authentication authentication) {
        return authentication instanceof AnonymousAuthenticationToken;
    }
}
