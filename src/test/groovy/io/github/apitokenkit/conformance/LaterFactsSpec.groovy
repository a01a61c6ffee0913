package io.github.apitokenkit.conformance

import hudson.ExtensionList
import hudson.XmlFile
import hudson.model.Saveable
import hudson.model.User
import hudson.model.listeners.SaveableListener
import hudson.security.ACL
import hudson.security.ACLContext
import io.github.apitokenkit.support.CapturedLog
import jenkins.model.IdStrategy
import jenkins.model.Jenkins
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenStats
import jenkins.util.ScriptListener
import org.junit.Rule
import org.jvnet.hudson.test.JenkinsRule
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken
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

    def '§20 a home of an older Jenkins keeps its users: users.xml folders and plain folders move into the hashed layout'() {
        given: 'alice saved with a token, then her folder laid out as 2.154-2.523 did; bob\'s as before 2.154'
        ['alice', 'bob', 'carol'].each { User.getById(it, true).save() }
        String value = tokens('alice').generateNewToken('kept').plainValue
        File users = new File(j.jenkins.rootDir, 'users')
        File aliceOld = new File(users, 'alice_8394212657483918')
        File bobOld = new File(users, 'bob')
        User.getById('alice', false).userFolder.renameTo(aliceOld)
        User.getById('bob', false).userFolder.renameTo(bobOld)
        new File(users, 'users.xml').text = """<?xml version='1.1' encoding='UTF-8'?>
<hudson.model.UserIdMapper>
  <version>1</version>
  <idToDirectoryNameMap class="concurrent-hash-map">
    <entry>
      <string>alice</string>
      <string>alice_8394212657483918</string>
    </entry>
  </idToDirectoryNameMap>
</hudson.model.UserIdMapper>
"""

        when:
        j.restart()

        then:
        User.getAll()*.id.sort() == ['alice', 'bob', 'carol']
        tokens('alice').tokenStore.findMatchingToken(value)?.name == 'kept'
        !new File(users, 'users.xml').exists()
        !aliceOld.exists()
        !bobOld.exists()
        User.getById('bob', false).userFolder.name ==~ /bob_[0-9a-f]{64}/
    }

    def '§20 plain user folders whose config.xml has no <id> take the id their name stands for'() {
        given: 'a home laid out before ids were saved, as core\'s UserIdMigratorTest has it: three users, two without <id>'
        File users = new File(j.jenkins.rootDir, 'users')
        [fred: '<id>fred</id><fullName>Fred Smith</fullName>', 'foo$002fbar': '<fullName>Foo Bar</fullName>',
         'zzz\u1000': '<fullName>Old Legacy</fullName>'].each { String folder, String body ->
            new File(users, folder).mkdirs()
            new File(users, "${folder}/config.xml").setText("<?xml version='1.1' encoding='UTF-8'?>\n<user>${body}</user>\n", 'UTF-8')
        }

        when:
        j.restart()

        then: 'every one is known by its id, moved into the hashed layout with the id written down'
        User.getAll()*.id.sort() == ['foo/bar', 'fred', 'zzz\u1000']
        User.getById('fred', false).fullName == 'Fred Smith'
        User.getById('foo/bar', false).fullName == 'Foo Bar'
        User.getById('zzz\u1000', false).fullName == 'Old Legacy'
        User.getAll().every { new File(it.userFolder, 'config.xml').getText('UTF-8').contains("<id>${it.id}</id>") }
        users.list().findAll { !(it ==~ /.*_[0-9a-f]{64}/) }.empty
    }

    def '§20 IdStrategy.idFromFilename: "$" and four hex digits is a character; case-insensitive lowercases, case-sensitive reads "~x" as X'() {
        expect:
        IdStrategy.CASE_INSENSITIVE.idFromFilename('Foo$002fBar$0041') == 'foo/bara'
        new IdStrategy.CaseSensitive().idFromFilename('~joe~smith$002f$004X') == 'JoeSmith/$004X'
        new IdStrategy.CaseSensitive().idFromFilename('~Joe~') == '~Joe~'
    }

    def '§20 in users.xml the mapping\'s key wins over a config.xml that names another id'() {
        given:
        User.getById('jane', true).save()
        File users = new File(j.jenkins.rootDir, 'users')
        File old = new File(users, 'fred_123')
        User.getById('jane', false).userFolder.renameTo(old)
        new File(users, 'users.xml').text = "<hudson.model.UserIdMapper><version>1</version><idToDirectoryNameMap class='concurrent-hash-map'>" +
                '<entry><string>fred</string><string>fred_123</string></entry></idToDirectoryNameMap></hudson.model.UserIdMapper>'

        when:
        j.restart()

        then:
        User.getById('fred', false) != null
        User.getById('jane', false) == null
    }

    def '§20 User.delete forgets the user and deletes its folder: its tokens are gone, across a restart too'() {
        given:
        User.getById('leaver', true).save()
        String value = tokens('leaver').generateNewToken('ci').plainValue
        tokens('leaver').matchesPassword(value)
        File folder = User.getById('leaver', false).userFolder

        when:
        User.getById('leaver', false).delete()

        then:
        User.getById('leaver', false) == null
        !folder.exists()

        when:
        j.restart()

        then:
        User.getById('leaver', false) == null
        !User.getAll()*.id.contains('leaver')
    }

    def '§20 the legacy-token monitor lists who keeps a legacy token and whether a newer token replaced it'() {
        given:
        ['old-timer', 'moved-on', 'modern'].each { User.getById(it, true).save() }
        jenkins.security.apitoken.ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled = true
        ['old-timer', 'moved-on'].each { tokens(it).changeApiToken() }
        // The legacy token made a day ago, so that "after it" does not hang on the clock's resolution.
        ['old-timer', 'moved-on'].each { tokens(it).tokenStore.legacyToken.@creationDate = new Date(System.currentTimeMillis() - 86_400_000L) }
        tokens('moved-on').generateNewToken('fresh')
        def monitor = hudson.ExtensionList.lookupSingleton(jenkins.security.apitoken.LegacyApiTokenAdministrativeMonitor)

        when:
        def movedOn = User.getById('moved-on', false)
        def stats = monitor.getLegacyStatsOf(movedOn, monitor.getLegacyTokenOf(movedOn))
        def oldTimer = User.getById('old-timer', false)

        then:
        monitor.activated
        monitor.security
        monitor.impactedUserList*.id.sort() == ['moved-on', 'old-timer']
        monitor.hasFreshToken(movedOn, stats)
        !monitor.hasFreshToken(oldTimer, monitor.getLegacyStatsOf(oldTimer, monitor.getLegacyTokenOf(oldTimer)))
        !monitor.hasMoreRecentlyUsedToken(movedOn, stats)
        monitor.getLegacyStatsOf(movedOn, null) == null
    }

    def '§20 ApiTokenPropertyConfiguration.get() is null while the extension is not registered, not an exception'() {
        given:
        def configuration = jenkins.security.apitoken.ApiTokenPropertyConfiguration.get()

        when: 'taken out of the list get() reads: GlobalConfiguration.all(), on core the descriptor list'
        jenkins.model.GlobalConfiguration.all().remove(configuration)

        then:
        jenkins.security.apitoken.ApiTokenPropertyConfiguration.get() == null

        cleanup:
        jenkins.model.GlobalConfiguration.all().add(configuration)
    }

    def '§20 HudsonPrivateSecurityRealm: createAccount keeps a #jbcrypt: bcrypt hash in config.xml; passwords are checked against it'() {
        given:
        hudson.security.HudsonPrivateSecurityRealm realm = new hudson.security.HudsonPrivateSecurityRealm(false)
        j.jenkins.securityRealm = realm

        when:
        realm.createAccount('alice', 'correct horse')
        String config = new File(User.getById('alice', false).userFolder, 'config.xml').text
        j.restart()
        realm = (hudson.security.HudsonPrivateSecurityRealm) j.jenkins.securityRealm

        then:
        config =~ /<hudson.security.HudsonPrivateSecurityRealm_-Details>\s*<passwordHash>#jbcrypt:\$2a\$10\$.{53}<\/passwordHash>/
        !config.contains('correct horse')
        realm.authenticateByPassword('alice', 'correct horse').authorities*.authority == ['authenticated']
        realm.allUsers*.id == ['alice']

        when:
        realm.authenticateByPassword('alice', 'wrong')

        then:
        org.springframework.security.authentication.BadCredentialsException bad = thrown()
        bad.message == 'Bad credentials'

        when: 'a user without an account, as JCasC or the kit\'s createUser makes one'
        User.getById('bob', true).save()
        realm.loadUserByUsername2('bob')

        then:
        org.springframework.security.core.userdetails.UsernameNotFoundException unknown = thrown()
        unknown.message == 'Password is not set: bob'
    }

    def '§20 whatever a listener throws, an Error too, is logged at WARNING on its type\'s logger, and the next listener is told'() {
        given: 'a SaveableListener and a ScriptListener that throw, each before one that records'
        List<String> heard = []
        SaveableListener failingSave = { Saveable o, XmlFile file -> throw thrownBy() } as SaveableListener
        SaveableListener recordingSave = { Saveable o, XmlFile file -> heard << "saved ${file.file.name} as ${Jenkins.getAuthentication2().name}".toString() } as SaveableListener
        ScriptListener failingScript = [onScriptExecution: { String script, Binding b, Object f, Object c, String id, User u -> throw thrownBy() }] as ScriptListener
        ScriptListener recordingScript = [onScriptExecution: { String script, Binding b, Object f, Object c, String id, User u ->
            heard << "ran ${script} as ${Jenkins.getAuthentication2().name}".toString()
        }] as ScriptListener
        [failingSave, recordingSave].each { ExtensionList.lookup(SaveableListener).add(it) }
        [failingScript, recordingScript].each { ExtensionList.lookup(ScriptListener).add(it) }
        CapturedLog saves = new CapturedLog(SaveableListener.name)
        CapturedLog scripts = new CapturedLog(ScriptListener.name)

        when: 'alice saves herself; a script is run'
        User alice = User.getById('alice', true)
        ACLContext caller = ACL.as2(UsernamePasswordAuthenticationToken.authenticated('alice', null, []))
        try {
            alice.save()
            // Groovy 2.4 cannot call an interface's static method: the event is fired as a Java caller fires it.
            ScriptListener.getMethod('fireScriptExecution', String, Binding, Object, Object, String, User)
                    .invoke(null, '1 + 1', new Binding(), 'spec', null, 'id', alice)
        } finally {
            caller.close()
        }

        then: 'core\'s Listeners.notify: saves in the caller\'s identity, scripts as SYSTEM; a WARNING with no message'
        heard == ['saved config.xml as alice', 'ran 1 + 1 as SYSTEM']
        [saves, scripts].every { it.at(Level.WARNING).size() == 1 && it.at(Level.WARNING)[0].message == null }
        saves.at(Level.WARNING)[0].thrown.getClass() == failure
        scripts.at(Level.WARNING)[0].thrown.getClass() == failure

        cleanup:
        saves?.close()
        scripts?.close()

        where:
        failure << [IllegalStateException, LinkageError, StackOverflowError]
        thrownBy = { -> failure.newInstance() }
    }
}
