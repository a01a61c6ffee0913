// Stand-in of hudson.security.csrf.DefaultCrumbIssuer (Jenkins 2.579): the default issuer; the client-IP flag is
// kept and ignored, as in core since 2.543. Crumb computation is left out here.
package hudson.security.csrf;

public class DefaultCrumbIssuer extends CrumbIssuer {
    private final boolean excludeClientIPFromCrumb;

    public DefaultCrumbIssuer() {
        this(false);
    }

    /** The flag is kept and answered, but no longer changes the crumb (core since 2.543). */
    @Deprecated
    public DefaultCrumbIssuer(boolean excludeClientIPFromCrumb) {
        this.excludeClientIPFromCrumb = excludeClientIPFromCrumb;
    }

    @Deprecated
    public boolean isExcludeClientIPFromCrumb() {
        return excludeClientIPFromCrumb;
    }
}
