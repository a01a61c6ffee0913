package io.github.apitokenkit.support

import hudson.model.User
import jenkins.model.Jenkins
import org.jvnet.hudson.test.JenkinsRule
import org.jvnet.hudson.test.MockAuthorizationStrategy

/** The security most specs start from: password equals user name, admin administers, every other user reads. */
class SecuredJenkins {
    static void setUp(JenkinsRule j, List<String> users) {
        j.jenkins.securityRealm = j.createDummySecurityRealm()
        j.jenkins.authorizationStrategy = new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to('admin')
                .grant(Jenkins.READ).everywhere().toAuthenticated()
        users.each { User.getById(it, true).save() }
    }
}
