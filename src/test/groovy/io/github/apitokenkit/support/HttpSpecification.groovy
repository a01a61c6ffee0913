package io.github.apitokenkit.support

import hudson.model.User
import jenkins.security.ApiTokenProperty
import org.junit.Rule
import org.jvnet.hudson.test.JenkinsRule
import spock.lang.Specification

/**
 * Base of the specs that talk to a stand-in Jenkins over HTTP: a realm where the password equals the user name,
 * {@code admin} with Overall/Administer, {@code alice} and {@code bob} with Overall/Read, all three saved.
 */
abstract class HttpSpecification extends Specification {
    @Rule JenkinsRule j = new JenkinsRule()
    URL url

    def setup() {
        SecuredJenkins.setUp(j, ['admin', 'alice', 'bob'])
        url = j.URL
    }

    Http anonymous() {
        new Http(url)
    }

    /** Basic authentication with the password (equal to the user name in this realm). */
    Http password(String user) {
        new Http(url, user, user)
    }

    Http token(String user, String value) {
        new Http(url, user, value)
    }

    /** A new token for {@code user}, made in-process; its plain value. */
    String newToken(String user, String name = 'spec-token') {
        tokens(user).generateNewToken(name).plainValue
    }

    ApiTokenProperty tokens(String user) {
        User.getById(user, false).getProperty(ApiTokenProperty)
    }

    /** A crumb for {@code client}, which keeps the session cookie it comes with. */
    String crumb(Http client) {
        client.get('crumbIssuer/api/json').json.crumb
    }

    static String tokenEndpoint(String user, String method) {
        "user/${user}/descriptorByName/jenkins.security.ApiTokenProperty/${method}"
    }
}
