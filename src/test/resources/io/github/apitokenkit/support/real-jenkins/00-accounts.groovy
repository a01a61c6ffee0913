/*
 * The test controller's accounts, set at every boot the way an administrator without plugins does it: Jenkins's own
 * user database (password = user name), admin with Overall/Administer, alice with Overall/Read only (as the stand-in sandbox).
 *
 * Core has no per-user authorization strategy without a plugin (matrix-auth), so this script defines one. Real
 * Jenkins refuses to write a class a script defined into config.xml (its class filter; the controller starts with
 * -Dhudson.remoting.ClassFilter=AdminAndReaders to allow it), and a config.xml naming a class that does not exist yet
 * at the next boot fails that boot ("Failed Loading global config") before any init script runs. So the strategy is
 * written under the name of core's FullControlOnceLoggedInAuthorizationStrategy, with anonymous read denied: a
 * restart loads that, and this script puts the per-user one back before Jenkins serves its first request.
 */
import hudson.security.ACL
import hudson.security.AuthorizationStrategy
import hudson.security.HudsonPrivateSecurityRealm
import hudson.security.Permission
import jenkins.model.Jenkins
import org.springframework.security.core.Authentication

Jenkins jenkins = Jenkins.get()
Jenkins.XSTREAM2.alias('hudson.security.FullControlOnceLoggedInAuthorizationStrategy', AdminAndReaders)
HudsonPrivateSecurityRealm realm = jenkins.securityRealm instanceof HudsonPrivateSecurityRealm ?
        (HudsonPrivateSecurityRealm) jenkins.securityRealm : new HudsonPrivateSecurityRealm(false)
['admin', 'alice'].each { String id ->
    if (realm.getUser(id) == null) {
        realm.createAccount(id, id)
    }
}
jenkins.securityRealm = realm
jenkins.authorizationStrategy = new AdminAndReaders()

class AdminAndReaders extends AuthorizationStrategy {
    /** Written to config.xml as FullControlOnceLoggedInAuthorizationStrategy's own field (see above). */
    private boolean denyAnonymousReadAccess = true

    ACL getRootACL() {
        new ACL() {
            boolean hasPermission2(Authentication who, Permission permission) {
                if (who.name == 'admin') {
                    return true
                }
                if (ACL.isAnonymous2(who)) {
                    return false
                }
                for (Permission p = permission; p != null; p = p.impliedBy) {
                    if (p == Jenkins.READ) {
                        return true
                    }
                }
                return false
            }
        }
    }

    Collection<String> getGroups() {
        []
    }
}
