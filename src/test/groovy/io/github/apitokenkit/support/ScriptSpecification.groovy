package io.github.apitokenkit.support

import hudson.model.User
import hudson.ExtensionList
import hudson.XmlFile
import hudson.model.Saveable
import hudson.model.listeners.SaveableListener
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
    /** Counts saves the way a Jenkins test would: a SaveableListener in the running Jenkins's extension list. */
    private final SaveableListener saveListener = new SaveableListener() {
        @Override
        void onChange(Saveable saved, XmlFile file) {
            if (saved instanceof User) {
                saves[((User) saved).id]++
            }
        }
    }

    def setup() {
        SecuredJenkins.setUp(j, ['admin', 'alice', 'svc-ci'])
        admin = User.getById('admin', false).impersonate2()
        ExtensionList.lookup(SaveableListener).add(saveListener)
    }

    def cleanup() {
        ExtensionList.lookup(SaveableListener).remove(saveListener)
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
