package io.github.apitokenkit.standin

import hudson.XmlFile
import hudson.model.User
import io.github.apitokenkit.support.CapturedLog
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenStats
import org.junit.Rule
import org.jvnet.hudson.test.JenkinsRule
import spock.lang.Specification

import java.util.logging.Level

/** The stand-in against the facts of docs/JENKINS-FACTS.md §20, learned after its first version. */
class LaterFactsSpec extends Specification {
    @Rule JenkinsRule j = new JenkinsRule()

    ApiTokenProperty tokens(String id) {
        User.getById(id, false).getProperty(ApiTokenProperty)
    }

    def '§20 XmlFile.unmarshal given a root of another type leaves it alone and answers a new object of the type the XML names'() {
        given: 'alice used a token, so her apiTokenStats.xml exists'
        User.getById('alice', true).save()
        String value = tokens('alice').generateNewToken('t').plainValue
        tokens('alice').matchesPassword(value)
        XmlFile file = new XmlFile(new File(User.getById('alice', false).userFolder, 'apiTokenStats.xml'))
        Object unrelated = new Object()

        when: 'as core\'s ApiTokenStats.load calls it, with the class itself'
        def fromClass = file.unmarshal(ApiTokenStats)
        def fromOther = file.unmarshal(unrelated)

        then:
        fromClass instanceof ApiTokenStats
        fromOther instanceof ApiTokenStats
        fromClass.findTokenStatsById(tokens('alice').tokenList[0].uuid).useCounter == 1
    }

    def '§20 HashedToken.match on a stored hash with a non-hex digit is false, logged at INFO; the other tokens still match'() {
        given: 'a config.xml whose first token hash was damaged on disk'
        User.getById('alice', true).save()
        tokens('alice').generateNewToken('damaged')
        String good = tokens('alice').generateNewToken('good').plainValue
        File config = new File(User.getById('alice', false).userFolder, 'config.xml')
        config.text = config.text.replaceFirst(/<hash>[0-9a-f]{64}<\/hash>/, '<hash>' + 'zz' * 32 + '</hash>')
        j.restart()
        CapturedLog log = new CapturedLog('jenkins.security.apitoken.ApiTokenStore')

        when:
        boolean matched = tokens('alice').matchesPassword(good)

        then:
        matched
        log.at(Level.INFO)*.message.any { it.startsWith('The API token with name=[') && it.endsWith('] is not in hex-format and so cannot be used') }

        cleanup:
        log?.close()
    }

    def '§20 a stored hash of odd length is not caught by match: the check fails as in core'() {
        given:
        User.getById('alice', true).save()
        tokens('alice').generateNewToken('damaged')
        File config = new File(User.getById('alice', false).userFolder, 'config.xml')
        config.text = config.text.replaceFirst(/<hash>[0-9a-f]{64}<\/hash>/, '<hash>abc</hash>')
        j.restart()

        when:
        tokens('alice').matchesPassword('11' + 'a' * 32)

        then:
        thrown(IllegalArgumentException)
    }
}
