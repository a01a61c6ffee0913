package io.github.apitokenkit.support

import hudson.model.User
import io.github.apitokenkit.standin.SaveEvents
import jenkins.security.ApiTokenProperty
import org.junit.Rule
import org.jvnet.hudson.test.JenkinsRule
import org.springframework.security.core.Authentication
import spock.lang.Specification

/**
 * Base of the script specs: a secured stand-in with an administrator {@code admin} (who runs the Script Console)
 * and users {@code alice} and {@code svc-ci}, all saved; user saves counted per user id.
 */
abstract class ScriptSpecification extends Specification {
    @Rule JenkinsRule j = new JenkinsRule()
    Authentication admin
    /** Saves of each user's config.xml since setup, by user id. */
    Map<String, Integer> saves = [:].withDefault { 0 }
    private AutoCloseable saveListener

    def setup() {
        SecuredJenkins.setUp(j, ['admin', 'alice', 'svc-ci'])
        admin = User.getById('admin', false).impersonate2()
        saveListener = SaveEvents.listen { saved -> if (saved instanceof User) { saves[((User) saved).id]++ } }
    }

    def cleanup() {
        saveListener?.close()
        OperationsCenter.reset()
    }

    ApiTokenProperty tokens(String user) {
        User.getById(user, false).getProperty(ApiTokenProperty)
    }

    List<String> tokenNames(String user) {
        tokens(user).tokenList*.name.sort()
    }

    /** Whether value authenticates user, without touching usage statistics. */
    boolean authenticates(String user, String value) {
        tokens(user).tokenStore.findMatchingToken(value) != null
    }
}
