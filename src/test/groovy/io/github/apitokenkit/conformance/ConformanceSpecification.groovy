package io.github.apitokenkit.conformance

import groovy.util.slurpersupport.GPathResult
import hudson.ExtensionList
import hudson.model.listeners.SaveableListener
import hudson.model.Saveable
import hudson.model.User
import hudson.security.ACL
import jenkins.model.Jenkins
import jenkins.security.ApiTokenProperty
import org.junit.Rule
import org.jvnet.hudson.test.JenkinsRule
import org.jvnet.hudson.test.MockAuthorizationStrategy
import org.springframework.security.core.Authentication
import spock.lang.Specification

import java.security.MessageDigest

/**
 * The shared fixture of the *ConformanceSpec classes, which pin the stand-in of the Jenkins API (src/test-jenkins/java)
 * to the behaviour of real Jenkins recorded in docs/JENKINS-FACTS.md. Each feature names the facts section it checks.
 * Everything is observed through the real API names and, where persistence matters, through the files under
 * JENKINS_HOME: a fresh Jenkins per feature, the saves it reports to a SaveableListener, and helpers to reach users,
 * their token property and their files.
 */
abstract class ConformanceSpecification extends Specification {
    static final String NO_LEGACY = 'This user currently does not have a legacy token'

    @Rule JenkinsRule j = new JenkinsRule()

    List<Saveable> saves = []
    SaveableListener listening = new SaveableListener() {
        @Override
        void onChange(Saveable saved, hudson.XmlFile file) {
            saves << saved
        }
    }

    def setup() {
        ExtensionList.lookup(SaveableListener).add(listening)
    }

    def cleanup() {
        if (Jenkins.instanceOrNull != null) { // a feature may have stopped Jenkins
            ExtensionList.lookup(SaveableListener).remove(listening)
        }
    }

    /** The token property of a user, creating the user in memory if needed (no save). */
    protected static ApiTokenProperty tokens(String id) {
        User.getById(id, true).getProperty(ApiTokenProperty)
    }

    /** Dummy realm (password = user name), admin administers, every authenticated user reads. */
    protected void secure() {
        j.jenkins.securityRealm = j.createDummySecurityRealm()
        j.jenkins.authorizationStrategy = new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to('admin')
                .grant(Jenkins.READ).everywhere().toAuthenticated()
    }

    protected static Authentication login(String id) {
        User.getById(id, true).impersonate2()
    }

    protected static <T> T actingAs(Authentication auth, Closure<T> body) {
        def ctx = ACL.as2(auth)
        try {
            return body.call()
        } finally {
            ctx.close()
        }
    }

    /** The folder under $JENKINS_HOME/users whose config.xml has this exact id; null if none. */
    protected File userDir(String id) {
        File[] dirs = new File(j.jenkins.rootDir, 'users').listFiles()
        dirs?.find { File d ->
            File xml = new File(d, 'config.xml')
            xml.file && new XmlSlurper().parse(xml).id.text() == id
        }
    }

    protected File configXml(String id) {
        File dir = userDir(id)
        assert dir != null: "no folder for $id"
        new File(dir, 'config.xml')
    }

    protected File statsXml(String id) {
        File dir = userDir(id)
        assert dir != null: "no folder for $id"
        new File(dir, 'apiTokenStats.xml')
    }

    protected GPathResult config(String id) {
        new XmlSlurper().parse(configXml(id))
    }

    protected List<String> hashesIn(String id) {
        config(id).depthFirst().findAll { it.name() == 'hash' }*.text()
    }

    protected List<String> versionsIn(String id) {
        config(id).depthFirst().findAll { it.name() == 'version' && it.parent().name() == 'value' }*.text()
    }

    protected static String sha256(String text) {
        MessageDigest.getInstance('SHA-256').digest(text.getBytes('US-ASCII')).encodeHex().toString()
    }

    protected static String md5(String text) {
        MessageDigest.getInstance('MD5').digest(text.getBytes('UTF-8')).encodeHex().toString()
    }
}
