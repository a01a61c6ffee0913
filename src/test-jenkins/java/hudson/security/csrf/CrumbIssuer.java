// Stand-in of hudson.security.csrf.CrumbIssuer (Jenkins 2.579): the request field name ("Jenkins-Crumb" unless
// -Dhudson.security.csrf.requestfield says otherwise). Issuing and validating crumbs belong to the HTTP side and
// are left out here.
package hudson.security.csrf;

public abstract class CrumbIssuer {
    public static final String DEFAULT_CRUMB_NAME = "Jenkins-Crumb";
    private static final String CRUMB_FIELD = System.getProperty("hudson.security.csrf.requestfield", DEFAULT_CRUMB_NAME);

    public String getCrumbRequestField() {
        return CRUMB_FIELD;
    }
}
