// Stand-in of hudson.security.ACLContext (Jenkins 2.579): closing it puts back the security context that was
// current before ACL.as2. The Acegi getPreviousContext() is left out.
package hudson.security;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

public class ACLContext implements AutoCloseable {
    private final SecurityContext previousContext;

    ACLContext(SecurityContext previousContext) {
        this.previousContext = previousContext;
    }

    public SecurityContext getPreviousContext2() {
        return previousContext;
    }

    @Override
    public void close() {
        SecurityContextHolder.setContext(previousContext);
    }
}
