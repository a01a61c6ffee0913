// Stand-in of hudson.security.AccessDeniedException3 (Jenkins 2.579): the Spring AccessDeniedException carrying the
// authentication and the missing permission, with core's message "<name> is missing the <Group>/<Perm> permission".
// reportAsHeaders/report (HTTP side) are left out.
package hudson.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

public class AccessDeniedException3 extends AccessDeniedException {
    public final Authentication authentication;
    public final transient Permission permission;

    public AccessDeniedException3(Authentication authentication, Permission permission) {
        this(null, authentication, permission);
    }

    public AccessDeniedException3(Throwable t, Authentication authentication, Permission permission) {
        super(authentication.getName() + " is missing the " + permission.group.title + "/" + permission.name + " permission", t);
        this.authentication = authentication;
        this.permission = permission;
    }
}
