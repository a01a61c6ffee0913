package io.github.apitokenkit.standin

import groovy.util.slurpersupport.GPathResult
import hudson.BulkChange
import hudson.ExtensionList
import hudson.model.listeners.SaveableListener
import hudson.model.Saveable
import hudson.model.User
import hudson.security.ACL
import hudson.security.AccessDeniedException3
import hudson.security.SecurityRealm
import hudson.util.FormValidation
import hudson.util.Secret
import io.github.apitokenkit.support.CapturedLog
import jenkins.model.Jenkins
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import jenkins.security.apitoken.TokenUuidAndPlainValue
import org.junit.Rule
import org.jvnet.hudson.test.JenkinsRule
import org.jvnet.hudson.test.MockAuthorizationStrategy
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken
import org.springframework.security.core.Authentication
import org.springframework.security.core.context.SecurityContextHolder
import spock.lang.Specification
import spock.lang.Unroll

import java.nio.ByteBuffer
import java.security.MessageDigest
import java.time.LocalDate
import java.time.format.DateTimeFormatter
import java.time.format.FormatStyle
import java.util.function.Consumer
import java.util.logging.Level

/**
 * Pins the stand-in of the Jenkins API (src/test-jenkins/java) to the behaviour of real Jenkins recorded in
 * JENKINS-FACTS.md. Each feature names the facts section it checks. Everything is observed through the real API
 * names and, where persistence matters, through the files under JENKINS_HOME.
 */
class StandInConformanceSpec extends Specification {
    static final String CONFIG_FILE = 'jenkins.security.apitoken.ApiTokenPropertyConfiguration.xml'
    static final String NO_LEGACY = 'This user currently does not have a legacy token'
    static final String HIDDEN = 'Token is hidden'

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

    // ---------------------------------------------------------------- §1.1 token format

    def '§1.1 a generated token is "11" followed by 32 lowercase hex characters'() {
        when:
        TokenUuidAndPlainValue first = tokens('alice').generateNewToken('one')
        TokenUuidAndPlainValue second = tokens('alice').generateNewToken('two')

        then:
        first.plainValue.length() == 34
        first.plainValue ==~ /11[0-9a-f]{32}/
        second.plainValue ==~ /11[0-9a-f]{32}/
        first.plainValue != second.plainValue
        first.tokenUuid != second.tokenUuid
    }

    def '§1.1 config.xml holds the SHA-256 of the 32-hex secret without the "11" prefix'() {
        when:
        String value = tokens('alice').generateNewToken('ci').plainValue

        then:
        hashesIn('alice') == [sha256(value.substring(2))]
        sha256(value.substring(2)) != sha256(value)
        versionsIn('alice') == ['11']
    }

    def '§1.1 the plain value and the secret never appear in config.xml'() {
        when:
        String generated = tokens('alice').generateNewToken('ci').plainValue
        String fixed = '11' + 'c0ffee' * 5 + '00'
        tokens('alice').addFixedNewToken('fixed', fixed)
        String xml = configXml('alice').text

        then:
        xml.contains('ApiTokenStore_-HashedToken')
        !xml.contains(generated.substring(2))
        !xml.contains(fixed.substring(2))
        xml.contains(sha256(fixed.substring(2)))
    }

    // ---------------------------------------------------------------- §1.3 / §18.1-2 matching

    @Unroll
    def '§1.3 a v2 token authenticates with the two-character prefix #prefix'() {
        given:
        String secret = tokens('alice').generateNewToken('ci').plainValue.substring(2)

        expect:
        tokens('alice').matchesPassword(prefix + secret)

        where:
        prefix << ['11', '99', 'zz', '10', '--']
    }

    def '§18.1 the 32-hex secret alone (without the prefix) authenticates'() {
        given:
        String secret = tokens('alice').generateNewToken('ci').plainValue.substring(2)

        expect:
        secret.length() == 32
        tokens('alice').matchesPassword(secret)
        !tokens('alice').matchesPassword('1' + secret)
        !tokens('alice').matchesPassword(secret + '0')
    }

    def '§18.2 matching is case-sensitive: the uppercase secret does not authenticate'() {
        given:
        String value = tokens('alice').generateNewToken('ci').plainValue
        assert value.substring(2) =~ /[a-f]/

        expect:
        !tokens('alice').matchesPassword('11' + value.substring(2).toUpperCase())
        !tokens('alice').matchesPassword(value.substring(2).toUpperCase())
        tokens('alice').matchesPassword(value)
    }

    @Unroll
    def '§1.3 the blank value #shown never matches'() {
        given:
        tokens('alice').generateNewToken('ci')

        expect:
        !tokens('alice').matchesPassword(candidate)
        tokens('alice').tokenList*.useCounter == [0]

        where:
        candidate << [null, '', '   ', ' ' * 34]
        shown = candidate == null ? 'null' : "'${candidate}'"
    }

    def '§18.2 a fixed token given in uppercase is stored lowercase and only authenticates in lowercase'() {
        given:
        String lower = 'abcdef0123456789abcdef0123456789'

        when:
        tokens('alice').addFixedNewToken('fixed', '11' + lower.toUpperCase())

        then:
        hashesIn('alice') == [sha256(lower)]
        tokens('alice').matchesPassword('11' + lower)
        !tokens('alice').matchesPassword('11' + lower.toUpperCase())
    }

    def '§1.3 a wrong secret, or another user\'s token, does not authenticate'() {
        given:
        String alices = tokens('alice').generateNewToken('ci').plainValue
        String bobs = tokens('bob').generateNewToken('ci').plainValue

        expect:
        !tokens('alice').matchesPassword(bobs)
        !tokens('alice').matchesPassword('11' + '0' * 32)
        tokens('alice').matchesPassword(alices)
        tokens('bob').matchesPassword(bobs)
    }

    def '§1.3 with duplicate values the first token in insertion order gets the usage statistics'() {
        given:
        String value = '11' + '5' * 32
        ApiTokenProperty p = tokens('alice')
        String first = p.addFixedNewToken('zzz first', value)
        String second = p.addFixedNewToken('aaa second', value)

        when:
        boolean matched = p.matchesPassword(value)

        then:
        matched
        p.tokenList.find { it.uuid == first }.useCounter == 1
        p.tokenList.find { it.uuid == second }.useCounter == 0
    }

    // ---------------------------------------------------------------- §1.4 addFixedNewToken validation

    @Unroll
    def '§1.4 a value of length #length is refused with the length message'() {
        when:
        tokens('alice').addFixedNewToken('bad', value)

        then:
        IllegalArgumentException e = thrown()
        e.message == 'The token must consist of 2 characters for the version and 32 hex-characters for the secret'

        where:
        value << ['11' + 'a' * 31, '11' + 'a' * 33, '', 'a' * 32, '12' + 'z' * 31]
        length = value.length()
    }

    @Unroll
    def '§1.4 a 34-character value with version #version is refused with the version message'() {
        when:
        tokens('alice').addFixedNewToken('bad', version + secret)

        then:
        IllegalArgumentException e = thrown()
        e.message == 'The given version is not recognized: ' + version

        where:
        version | secret
        '10'    | 'a' * 32
        '12'    | 'z' * 32
        'ab'    | '0' * 32
    }

    @Unroll
    def '§1.4 a secret that is not 32 hex characters is refused with the secret message (#secret)'() {
        when:
        tokens('alice').addFixedNewToken('bad', '11' + secret)

        then:
        IllegalArgumentException e = thrown()
        e.message == 'The secret part of the token must consist of 32 hex-characters'

        where:
        secret << ['g' * 32, 'a' * 31 + ' ', '-' * 32]
    }

    def '§1.4 nothing is added and nothing is saved when addFixedNewToken throws'() {
        given:
        ApiTokenProperty p = tokens('alice')
        String good = p.addFixedNewToken('good', '11' + '1' * 32)
        int savesBefore = saves.size()

        when:
        p.addFixedNewToken('bad', '11' + 'x' * 32)

        then:
        thrown(IllegalArgumentException)
        saves.size() == savesBefore
        p.tokenList*.uuid == [good]
        !p.matchesPassword('11' + 'x' * 32)
    }

    def '§1.4 addFixedNewToken returns the uuid of a dated, named token that authenticates with the value'() {
        when:
        String uuid = tokens('alice').addFixedNewToken('seeded', '11' + '0123456789abcdef' * 2)
        ApiTokenProperty.TokenInfoAndStats info = tokens('alice').tokenList.find { it.uuid == uuid }

        then:
        uuid ==~ /[0-9a-f-]{36}/
        info.name == 'seeded'
        info.creationDate != null
        !info.isLegacy
        tokens('alice').matchesPassword('11' + '0123456789abcdef' * 2)
    }

    // ---------------------------------------------------------------- §3.3 / §18.3 expiry

    def '§3.3 a token expiring today still authenticates'() {
        given:
        String value = '11' + 'a' * 32
        tokens('alice').addFixedNewToken('today', value, LocalDate.now())

        expect:
        tokens('alice').matchesPassword(value)
        !tokens('alice').tokenList[0].expired
    }

    def '§18.3 a token that expired yesterday does not authenticate but stays listed as expired'() {
        given:
        String value = '11' + 'b' * 32
        String uuid = tokens('alice').addFixedNewToken('yesterday', value, LocalDate.now().minusDays(1))

        expect:
        !tokens('alice').matchesPassword(value)
        tokens('alice').tokenList*.uuid == [uuid]
        tokens('alice').tokenList[0].expired
        tokens('alice').tokenList[0].useCounter == 0
    }

    @Unroll
    def '§3.3 a token expiring in #days day(s) has aboutToExpire=#about and expired=#expired'() {
        when:
        TokenUuidAndPlainValue created = tokens('alice').generateNewToken('t', days == null ? null : LocalDate.now().plusDays(days))
        ApiTokenProperty.TokenInfoAndStats info = tokens('alice').tokenList.find { it.uuid == created.tokenUuid }

        then:
        created.aboutToExpire == about
        info.aboutToExpire == about
        info.expired == expired

        where:
        days | about | expired
        -1   | true  | true
        0    | true  | false
        6    | true  | false
        7    | false | false
        30   | false | false
        null | false | false
    }

    def '§2.3 generateNewToken accepts a past expiration date and creates an already expired token'() {
        when:
        TokenUuidAndPlainValue created = tokens('alice').generateNewToken('old', LocalDate.now().minusDays(3))

        then:
        created.plainValue ==~ /11[0-9a-f]{32}/
        tokens('alice').tokenList.find { it.uuid == created.tokenUuid }.expired
        !tokens('alice').matchesPassword(created.plainValue)
    }

    def '§3.4 TokenUuidAndPlainValue.expirationDate is "Never" without a date and "E, L d u" with one'() {
        when:
        TokenUuidAndPlainValue never = tokens('alice').generateNewToken('never')
        TokenUuidAndPlainValue dated = tokens('alice').generateNewToken('dated', LocalDate.of(2026, 9, 20))

        then:
        never.expirationDate == 'Never'
        dated.expirationDate ==~ /[^,\s]+, 9 20 2026/
        dated.expirationDate == LocalDate.of(2026, 9, 20).format(DateTimeFormatter.ofPattern('E, L d u'))
    }

    def '§2.4 TokenInfoAndStats.expirationDate is "never" without a date and the SHORT localized date with one'() {
        given:
        LocalDate date = LocalDate.now().plusDays(40)

        when:
        String never = tokens('alice').generateNewToken('never').tokenUuid
        String dated = tokens('alice').generateNewToken('dated', date).tokenUuid

        then:
        tokens('alice').tokenList.find { it.uuid == never }.expirationDate == 'never'
        tokens('alice').tokenList.find { it.uuid == dated }.expirationDate ==
                date.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).withLocale(Locale.getDefault()))
    }

    // ---------------------------------------------------------------- §2.3 revoking

    def '§2.3 revokeAllTokensExceptOne with an unknown uuid revokes every token'() {
        given:
        ApiTokenProperty p = tokens('alice')
        TokenUuidAndPlainValue created = p.generateNewToken('a')
        String a = created.plainValue
        String b = p.generateNewToken('b').plainValue
        p.matchesPassword(a)
        assert statsXml('alice').text.contains(created.tokenUuid)

        when:
        p.revokeAllTokensExceptOne('00000000-0000-0000-0000-000000000000')

        then:
        p.tokenList.empty
        !p.matchesPassword(a)
        !p.matchesPassword(b)
        hashesIn('alice').empty
        !statsXml('alice').text.contains(created.tokenUuid)
    }

    def '§2.3 revokeAllTokensExceptOne keeps exactly the named token and its statistics'() {
        given:
        ApiTokenProperty p = tokens('alice')
        TokenUuidAndPlainValue kept = p.generateNewToken('kept')
        String gone = p.generateNewToken('gone').plainValue
        p.matchesPassword(kept.plainValue)

        when:
        p.revokeAllTokensExceptOne(kept.tokenUuid)

        then:
        p.tokenList*.uuid == [kept.tokenUuid]
        p.tokenList[0].useCounter == 1
        !p.matchesPassword(gone)
        p.matchesPassword(kept.plainValue)
    }

    def '§2.3 revokeToken of an unknown uuid neither saves nor throws'() {
        given:
        ApiTokenProperty p = tokens('alice')
        String value = p.generateNewToken('a').plainValue
        long modified = configXml('alice').lastModified()
        saves.clear()

        when:
        p.revokeToken('no-such-uuid')

        then:
        noExceptionThrown()
        saves.empty
        configXml('alice').lastModified() == modified
        p.tokenList.size() == 1
        p.matchesPassword(value)
    }

    def '§2.3 revokeToken removes one token and its statistics, and saves the user once'() {
        given:
        ApiTokenProperty p = tokens('alice')
        TokenUuidAndPlainValue gone = p.generateNewToken('gone')
        TokenUuidAndPlainValue kept = p.generateNewToken('kept')
        p.matchesPassword(gone.plainValue)
        saves.clear()

        when:
        p.revokeToken(gone.tokenUuid)

        then:
        saves.count { it instanceof User } == 1
        p.tokenList*.uuid == [kept.tokenUuid]
        p.tokenStats.findTokenStatsById(gone.tokenUuid).useCounter == 0
        !statsXml('alice').text.contains(gone.tokenUuid)
        hashesIn('alice').size() == 1
    }

    // ---------------------------------------------------------------- §6 names, §2.3 no permission checks

    def '§6 getTokenList is sorted by lower-cased name, whatever the insertion order'() {
        given:
        ['beta', 'Alpha', 'gamma', 'Delta'].each { tokens('alice').generateNewToken(it) }

        expect:
        tokens('alice').tokenList*.name == ['Alpha', 'beta', 'Delta', 'gamma']
        tokens('alice').tokenStore.tokenListSortedByName*.name == ['Alpha', 'beta', 'Delta', 'gamma']
    }

    def '§6 token names are not validated: empty, long, duplicate and markup names are kept as given'() {
        given:
        List<String> names = ['', 'x' * 500, 'dup', 'dup', '<b>&amp;</b> ü', ' padded ']

        when:
        names.each { tokens('alice').generateNewToken(it) }
        j.restart()

        then:
        tokens('alice').tokenList*.name.sort() == names.sort()
        tokens('alice').tokenList*.uuid.unique().size() == 6
    }

    def '§2.3 the scripting API has no permission checks: a plain user can create and revoke another user\'s tokens'() {
        given:
        secure()
        String kept = tokens('alice').generateNewToken('kept').tokenUuid

        when:
        TokenUuidAndPlainValue created = actingAs(login('bob')) { tokens('alice').generateNewToken('by bob') }
        actingAs(login('bob')) { tokens('alice').addFixedNewToken('fixed by bob', '11' + 'e' * 32) }
        actingAs(Jenkins.ANONYMOUS2) { tokens('alice').revokeAllTokensExceptOne(kept) }

        then:
        created.plainValue ==~ /11[0-9a-f]{32}/
        tokens('alice').tokenList*.uuid == [kept]
    }

    def '§2.3 changeApiToken checks ADMINISTER on the user: another user is refused, the owner and an admin are not'() {
        given:
        secure()
        ApiTokenProperty p = tokens('alice')

        when:
        actingAs(login('bob')) { p.changeApiToken() }

        then:
        AccessDeniedException3 e = thrown()
        e.message == 'bob is missing the Overall/Administer permission'
        !p.hasLegacyToken()

        when:
        actingAs(login('alice')) { p.changeApiToken() }
        String first = p.apiToken
        actingAs(login('admin')) { p.changeApiToken() }

        then:
        p.hasLegacyToken()
        p.apiToken ==~ /[0-9a-f]{32}/
        p.apiToken != first
        p.tokenList*.name == ['Legacy Token']
    }

    def '§2.3 deleteApiToken nulls only the seed: the store keeps the legacy token and nothing is saved'() {
        given:
        ApiTokenPropertyConfiguration.get().setTokenGenerationOnCreationEnabled(true)
        ApiTokenProperty p = tokens('alice')
        String legacy = p.apiToken
        saves.clear()

        when:
        p.deleteApiToken()

        then:
        !p.hasLegacyToken()
        p.apiToken == NO_LEGACY
        p.tokenList*.isLegacy == [true]
        p.matchesPassword(legacy)
        saves.findAll { it instanceof User }.empty
    }

    // ---------------------------------------------------------------- §1.2 / §2.3 / §18.8 legacy tokens

    def '§1.2 with tokenGenerationOnCreationEnabled a new user has a legacy token: MD5 hex of the seed, and it authenticates'() {
        given:
        ApiTokenPropertyConfiguration.get().setTokenGenerationOnCreationEnabled(true)

        when:
        ApiTokenProperty p = tokens('alice')
        String shown = p.apiToken

        then:
        p.hasLegacyToken()
        shown ==~ /[0-9a-f]{32}/
        shown == md5(ApiTokenProperty.API_KEY_SEED.mac('alice'))
        p.matchesPassword(shown)
    }

    def '§1.2 without tokenGenerationOnCreationEnabled a new user has no legacy token'() {
        when:
        ApiTokenProperty p = tokens('alice')

        then:
        !p.hasLegacyToken()
        p.tokenList.empty
        p.apiToken == NO_LEGACY
        !p.matchesPassword(md5(ApiTokenProperty.API_KEY_SEED.mac('alice')))
    }

    def '§1.2 the migrated legacy token is listed as "Legacy Token", legacy, without creation date'() {
        given:
        ApiTokenPropertyConfiguration.get().setTokenGenerationOnCreationEnabled(true)

        when:
        ApiTokenProperty.TokenInfoAndStats legacy = tokens('alice').tokenList.find { it.isLegacy }

        then:
        tokens('alice').tokenList.size() == 1
        legacy.name == 'Legacy Token'
        legacy.creationDate == null
        legacy.numDaysCreation == 0
        tokens('alice').tokenStore.legacyToken.uuid == legacy.uuid
    }

    def '§16 the legacy seed is stored encrypted in config.xml and decrypts to the seed'() {
        given:
        ApiTokenPropertyConfiguration.get().setTokenGenerationOnCreationEnabled(true)
        String shown = tokens('alice').apiToken

        when:
        User.getById('alice', false).save()
        String stored = config('alice').depthFirst().find { it.name() == 'apiToken' }.text()

        then:
        stored ==~ /\{[A-Za-z0-9+\/=]+\}/
        !configXml('alice').text.contains(shown)
        !configXml('alice').text.contains(ApiTokenProperty.API_KEY_SEED.mac('alice'))
        md5(Secret.fromString(stored).plainText) == shown
        versionsIn('alice') == ['10']
        hashesIn('alice') == [sha256(shown)]
    }

    def '§18.8 revokeAllTokens keeps the seed; the legacy token is back in the store after restart and authenticates'() {
        given:
        ApiTokenPropertyConfiguration.get().setTokenGenerationOnCreationEnabled(true)
        String legacy = tokens('alice').apiToken
        tokens('alice').generateNewToken('new')

        when:
        tokens('alice').revokeAllTokens()

        then:
        tokens('alice').hasLegacyToken()
        tokens('alice').tokenList.empty
        !tokens('alice').matchesPassword(legacy)

        when:
        j.restart()

        then:
        tokens('alice').tokenList*.name == ['Legacy Token']
        tokens('alice').tokenList[0].isLegacy
        tokens('alice').tokenList[0].creationDate == null
        tokens('alice').matchesPassword(legacy)
    }

    def '§18.8 revokeToken of the legacy token removes it for good, also after restart'() {
        given:
        ApiTokenPropertyConfiguration.get().setTokenGenerationOnCreationEnabled(true)
        String legacy = tokens('alice').apiToken
        String uuid = tokens('alice').tokenList.find { it.isLegacy }.uuid

        when:
        tokens('alice').revokeToken(uuid)

        then:
        !tokens('alice').hasLegacyToken()
        tokens('alice').tokenList.empty
        tokens('alice').apiToken == NO_LEGACY

        when:
        j.restart()

        then:
        User.getById('alice', false) != null
        !tokens('alice').hasLegacyToken()
        tokens('alice').tokenList.empty
        !tokens('alice').matchesPassword(legacy)
        !configXml('alice').text.contains('<apiToken>')
    }

    def '§2.3 changeApiToken replaces the legacy value and dates the new legacy token'() {
        given:
        ApiTokenPropertyConfiguration.get().setTokenGenerationOnCreationEnabled(true)
        ApiTokenProperty p = tokens('alice')
        String before = p.apiToken
        String beforeUuid = p.tokenStore.legacyToken.uuid
        saves.clear()

        when:
        p.changeApiToken()
        String after = p.apiToken

        then:
        after ==~ /[0-9a-f]{32}/
        after != before
        !p.matchesPassword(before)
        p.matchesPassword(after)
        p.tokenList.size() == 1
        p.tokenList[0].isLegacy
        p.tokenList[0].uuid != beforeUuid
        p.tokenList[0].creationDate != null
        saves.count { it instanceof User } == 1
        hashesIn('alice') == [sha256(after)]
    }

    def '§2.3 getApiToken shows the legacy value to its owner and hides it from another user and from anonymous'() {
        given:
        secure()
        ApiTokenPropertyConfiguration.get().setTokenGenerationOnCreationEnabled(true)
        String value = tokens('alice').apiToken

        expect:
        value ==~ /[0-9a-f]{32}/
        actingAs(login('alice')) { tokens('alice').apiToken } == value
        actingAs(login('bob')) { tokens('alice').apiToken } == HIDDEN
        actingAs(Jenkins.ANONYMOUS2) { tokens('alice').apiToken } == HIDDEN
    }

    def '§2.1 by default (showTokenToAdmins=false) an administrator does not see another user\'s legacy token'() {
        given:
        secure()
        ApiTokenPropertyConfiguration.get().setTokenGenerationOnCreationEnabled(true)
        tokens('alice')

        expect:
        actingAs(login('admin')) { Jenkins.get().hasPermission(Jenkins.ADMINISTER) }
        actingAs(login('admin')) { tokens('alice').apiToken } == HIDDEN
    }

    def '§2.3 getApiToken of a user without legacy token: the fixed sentence for the owner, hidden for others'() {
        given:
        secure()
        tokens('alice')

        expect:
        tokens('alice').apiToken == NO_LEGACY
        actingAs(login('alice')) { tokens('alice').apiToken } == NO_LEGACY
        actingAs(login('bob')) { tokens('alice').apiToken } == HIDDEN
        actingAs(Jenkins.ANONYMOUS2) { tokens('alice').apiToken } == HIDDEN
    }

    // ---------------------------------------------------------------- §4 / §18.16 usage statistics

    def '§4 a successful match increments useCounter, sets lastUseDate and writes apiTokenStats.xml'() {
        given:
        ApiTokenProperty p = tokens('alice')
        TokenUuidAndPlainValue created = p.generateNewToken('ci')
        Date start = new Date()

        expect:
        !statsXml('alice').exists()
        !p.matchesPassword('11' + 'f' * 32)
        !statsXml('alice').exists()

        when:
        p.matchesPassword(created.plainValue)
        p.matchesPassword(created.plainValue)
        GPathResult stats = new XmlSlurper().parse(statsXml('alice'))
        ApiTokenProperty.TokenInfoAndStats info = p.tokenList[0]

        then:
        info.useCounter == 2
        info.lastUseDate != null
        !info.lastUseDate.before(new Date(start.time - 1000))
        stats.name() == 'jenkins.security.apitoken.ApiTokenStats'
        stats.depthFirst().find { it.name() == 'tokenUuid' }.text() == created.tokenUuid
        stats.depthFirst().find { it.name() == 'useCounter' }.text() == '2'
    }

    def '§4 saving statistics respects a BulkChange on them'() {
        given:
        ApiTokenProperty p = tokens('alice')
        TokenUuidAndPlainValue created = p.generateNewToken('ci')
        BulkChange bc = new BulkChange(p.tokenStats)

        when:
        p.matchesPassword(created.plainValue)

        then:
        p.tokenList[0].useCounter == 1
        !statsXml('alice').exists()

        when:
        bc.commit()

        then:
        statsXml('alice').text.contains(created.tokenUuid)

        cleanup:
        bc?.abort()
    }

    def '§4 statistics are kept out of config.xml'() {
        given:
        TokenUuidAndPlainValue created = tokens('alice').generateNewToken('ci')

        when:
        tokens('alice').matchesPassword(created.plainValue)

        then:
        statsXml('alice').text.contains('useCounter')
        !configXml('alice').text.contains('useCounter')
        !configXml('alice').text.contains('lastUseDate')
    }

    def '§4 with usage statistics disabled no file is written and counters read 0'() {
        given:
        ApiTokenPropertyConfiguration.get().setUsageStatisticsEnabled(false)
        ApiTokenProperty p = tokens('alice')
        TokenUuidAndPlainValue created = p.generateNewToken('ci')

        when:
        boolean matched = p.matchesPassword(created.plainValue)

        then:
        matched
        userDir('alice') != null
        !statsXml('alice').exists()
        p.tokenList[0].useCounter == 0
        p.tokenList[0].lastUseDate == null
        p.tokenStats.findTokenStatsById(created.tokenUuid).useCounter == 0
    }

    def '§18.16 statistics are not written while the user folder does not exist'() {
        given: 'a token put straight into the store, which does not save the user'
        ApiTokenProperty p = tokens('ghost')
        TokenUuidAndPlainValue created = p.tokenStore.generateNewToken('ci')

        when:
        boolean matched = p.matchesPassword(created.plainValue)

        then:
        matched
        User.getById('ghost', false).userFolder == null
        userDir('ghost') == null
        !new File(j.jenkins.rootDir, 'users').exists() || new File(j.jenkins.rootDir, 'users').list().length == 0
    }

    def '§4 statistics survive a restart'() {
        given:
        TokenUuidAndPlainValue created = tokens('alice').generateNewToken('ci')
        tokens('alice').matchesPassword(created.plainValue)
        Date lastUse = tokens('alice').tokenList[0].lastUseDate

        when:
        j.restart()
        ApiTokenProperty.TokenInfoAndStats info = tokens('alice').tokenList[0]

        then:
        info.uuid == created.tokenUuid
        info.useCounter == 1
        info.lastUseDate == lastUse

        when:
        tokens('alice').matchesPassword(created.plainValue)

        then:
        tokens('alice').tokenList[0].useCounter == 2
    }

    def '§4 with statistics disabled the existing file is left untouched and read again once re-enabled'() {
        given:
        ApiTokenProperty p = tokens('alice')
        TokenUuidAndPlainValue used = p.generateNewToken('used')
        TokenUuidAndPlainValue other = p.generateNewToken('other')
        p.matchesPassword(used.plainValue)
        p.matchesPassword(used.plainValue)
        String before = statsXml('alice').text

        when:
        ApiTokenPropertyConfiguration.get().setUsageStatisticsEnabled(false)
        p.revokeAllTokensExceptOne(other.tokenUuid)
        p.matchesPassword(other.plainValue)

        then:
        statsXml('alice').text == before
        p.tokenList*.useCounter == [0]

        when:
        j.restart()
        ApiTokenPropertyConfiguration.get().setUsageStatisticsEnabled(true)

        then:
        tokens('alice').tokenStats.findTokenStatsById(used.tokenUuid).useCounter == 2
        tokens('alice').tokenList*.useCounter == [0]
    }

    @Unroll
    def '§4 on load, duplicate entries of one token keep the most recently used, then the highest counter (#copy)'() {
        given:
        TokenUuidAndPlainValue created = tokens('alice').generateNewToken('ci')
        3.times { tokens('alice').matchesPassword(created.plainValue) }
        Date lastUse = tokens('alice').tokenList[0].lastUseDate
        String entry = statsEntry(statsXml('alice').text)
        String duplicate = entry.replace('<useCounter>3</useCounter>', "<useCounter>${counter}</useCounter>")
        if (!dated) {
            duplicate = duplicate.replaceAll(/(?s)<lastUseDate>.*?<\/lastUseDate>/, '')
        }
        assert duplicate != entry
        statsXml('alice').text = statsXml('alice').text.replace(entry, duplicate + entry + duplicate)

        when:
        j.restart()
        ApiTokenProperty.TokenInfoAndStats info = tokens('alice').tokenList[0]

        then:
        info.useCounter == expected
        info.lastUseDate == lastUse

        where:
        copy                                 | dated | counter | expected
        'never used, higher counter'         | false | 99      | 3
        'same last use, higher counter'      | true  | 7       | 7
        'same last use, lower counter'       | true  | 1       | 3
    }

    def '§4 on load, a negative use counter reads 0'() {
        given:
        TokenUuidAndPlainValue created = tokens('alice').generateNewToken('ci')
        tokens('alice').matchesPassword(created.plainValue)
        File stats = statsXml('alice')
        assert stats.text.contains('<useCounter>1</useCounter>')
        stats.text = stats.text.replace('<useCounter>1</useCounter>', '<useCounter>-5</useCounter>')

        when:
        j.restart()

        then:
        tokens('alice').tokenList[0].useCounter == 0

        when:
        tokens('alice').matchesPassword(created.plainValue)

        then:
        tokens('alice').tokenList[0].useCounter == 1
    }

    // ---------------------------------------------------------------- §8 / §18.9-10 users

    def '§8.1 getById(id, true) does not persist the user: no folder, gone after restart'() {
        when:
        User carol = User.getById('carol', true)

        then:
        carol.id == 'carol'
        carol.userFolder == null
        userDir('carol') == null
        User.getAll()*.id.contains('carol')

        when:
        j.restart()

        then:
        User.getById('carol', false) == null
    }

    def '§8.3 generateNewToken persists the user, and the user and token come back after restart'() {
        when:
        String value = tokens('carol').generateNewToken('ci').plainValue

        then:
        User.getById('carol', false).userFolder != null
        configXml('carol').file

        when:
        j.restart()

        then:
        User.getById('carol', false).id == 'carol'
        tokens('carol').tokenList*.name == ['ci']
        tokens('carol').matchesPassword(value)
    }

    def '§8.1 getById of an unknown id without create is null and creates nothing'() {
        when:
        User nobody = User.getById('nobody', false)

        then:
        nobody == null
        User.getById('nobody', false) == null
        !User.getAll()*.id.contains('nobody')
        userDir('nobody') == null
    }

    def '§8.5 getById is case-insensitive and getId keeps the original case, also after restart'() {
        given:
        tokens('Alice').generateNewToken('ci')

        expect:
        User.getById('ALICE', false).id == 'Alice'
        User.getById('alice', false).is(User.getById('Alice', false))
        User.getAll()*.id.count { it.equalsIgnoreCase('alice') } == 1

        when:
        j.restart()

        then:
        User.getById('aLiCe', false).id == 'Alice'
    }

    def '§8.1 User.get replaces "/" and persists a user whose id differs from the input'() {
        when:
        User u = User.get('a/b', true, [:])

        then:
        u.id == 'a_b'
        u.fullName == 'a/b'
        userDir('a_b') != null
        User.get('plain', true, [:]).id == 'plain'
        userDir('plain') == null

        when:
        j.restart()

        then:
        User.getById('a_b', false)?.fullName == 'a/b'
    }

    def '§8.1 User.get finds an existing user by full name without creating one'() {
        given:
        User jdoe = User.getById('jdoe', true)
        jdoe.fullName = 'John Doe'

        when:
        User found = User.get('John Doe', false, [:])

        then:
        found.is(jdoe)
        User.get('Jane Doe', false, [:]) == null
        User.getAll()*.id.findAll { it.contains('Doe') }.empty
    }

    def '§8.1 User.get asks the security realm first: a name the realm knows is the id, ahead of full names and "/" replacement'() {
        given: 'the dummy realm knows every name'
        j.jenkins.securityRealm = j.createDummySecurityRealm()
        User jdoe = User.getById('jdoe', true)
        jdoe.fullName = 'John Doe'

        when:
        User byFullName = User.get('John Doe', false, [:])
        User slashed = User.get('a/b', true, [:])

        then:
        byFullName == null
        slashed.id == 'a/b'
        userDir('a/b') == null
        User.get('jdoe', false, [:]).is(jdoe)
    }

    def '§8.1 User.get falls back to full names and "/" replacement for names the realm does not know'() {
        given: 'a realm that knows nobody'
        j.jenkins.securityRealm = new KnowsNobodyRealm()
        User jdoe = User.getById('jdoe', true)
        jdoe.fullName = 'John Doe'

        expect:
        User.get('John Doe', false, [:]).is(jdoe)
        User.get('c/d', true, [:]).id == 'c_d'
    }

    @Unroll
    def '§8.4 save() of the reserved id "#id" throws FormValidation and writes nothing'() {
        given:
        User reserved = User.getById(id, true)

        when:
        reserved.save()

        then: 'FormValidation.error HTML-escapes its message, as core does'
        FormValidation e = thrown()
        e.message == "&quot;${hudson.Util.escape(id)}&quot; is prohibited as a username for security reasons."
        e.kind == FormValidation.Kind.ERROR
        userDir(id) == null

        where:
        id << ['anonymous', ' SYSTEM ', 'Unknown']
    }

    def '§2.3 a token for a reserved id is added in memory before save() fails'() {
        given:
        ApiTokenProperty p = tokens('unknown')

        when:
        p.generateNewToken('ci')

        then:
        thrown(FormValidation)
        p.tokenList*.name == ['ci']
        userDir('unknown') == null
    }

    def '§8.4 save() with a reserved full name throws FormValidation with the full-name message'() {
        given:
        User u = User.getById('alice', true)
        u.fullName = ' System'

        when:
        u.save()

        then:
        FormValidation e = thrown()
        e.message == '&quot; System&quot; is prohibited as a full name for security reasons.'
        userDir('alice') == null
    }

    def '§8.2 getUrl uses the lower-cased id and setFullName(blank) falls back to the id'() {
        given:
        User u = User.getById('Alice', true)

        when:
        u.fullName = 'Alice Liddell'
        String named = u.fullName
        u.fullName = '  '

        then:
        u.url == 'user/alice'
        named == 'Alice Liddell'
        u.fullName == 'Alice'
        u.displayName == 'Alice'
    }

    def '§2.5 every user has an ApiTokenProperty, new or loaded from disk'() {
        when:
        User fresh = User.getById('fresh', true)
        tokens('saved').generateNewToken('ci')

        then:
        fresh.getProperty(ApiTokenProperty) != null
        fresh.getProperty(ApiTokenProperty).tokenStore != null
        fresh.getProperty(ApiTokenProperty).descriptor.displayName == 'API Token'

        when:
        j.restart()

        then:
        User.getById('saved', false).getProperty(ApiTokenProperty).tokenList.size() == 1
        User.getById('other', true).getProperty(ApiTokenProperty) != null
    }

    def '§8.2 addProperty(new ApiTokenProperty()) replaces the property, wipes every token and saves'() {
        given:
        User alice = User.getById('alice', true)
        ApiTokenProperty old = alice.getProperty(ApiTokenProperty)
        String value = old.generateNewToken('a').plainValue
        old.generateNewToken('b')
        saves.clear()

        when:
        alice.addProperty(new ApiTokenProperty())

        then:
        !alice.getProperty(ApiTokenProperty).is(old)
        alice.getProperty(ApiTokenProperty).tokenList.empty
        !alice.getProperty(ApiTokenProperty).matchesPassword(value)
        saves.count { it.is(alice) } == 1
        hashesIn('alice').empty

        when:
        j.restart()

        then:
        tokens('alice').tokenList.empty
        !tokens('alice').matchesPassword(value)
    }

    def '§8.1 User.current() under ACL.SYSTEM2 is a memory-only user with id SYSTEM'() {
        when:
        User current = actingAs(ACL.SYSTEM2) { User.current() }

        then:
        current.id == 'SYSTEM'
        User.getAll().contains(current)
        current.userFolder == null

        when:
        j.restart()

        then:
        User.getById('SYSTEM', false) == null
    }

    def '§8.1 User.current() is null for anonymous and the impersonated user otherwise'() {
        given:
        secure()

        expect:
        actingAs(Jenkins.ANONYMOUS2) { User.current() } == null
        actingAs(login('bob')) { User.current() }.id == 'bob'
    }

    def '§8.1 User.getAll() is sorted case-insensitively by id'() {
        given:
        ['carol', 'Dave', 'bob', 'Alice'].each { User.getById(it, true) }

        expect:
        User.getAll()*.id.findAll { it in ['carol', 'Dave', 'bob', 'Alice'] } == ['Alice', 'bob', 'carol', 'Dave']
    }

    def '§8.1 §20 the startup scan migrates a folder outside the hashed layout, and skips one whose <id> hashes elsewhere'() {
        given:
        tokens('alice').generateNewToken('ci')
        tokens('bob').generateNewToken('ci')
        File users = new File(j.jenkins.rootDir, 'users')
        File alice = userDir('alice')
        File bob = userDir('bob')

        when: 'alice moves to a pre-2.524 style folder, bob to a well-formed name that is not his hash'
        assert alice.renameTo(new File(users, 'alice_1072549610582667998'))
        assert bob.renameTo(new File(users, 'bob_' + '0' * 64))
        j.restart()

        then: 'a name outside the layout is an older layout, moved into this one; a hashed name of another id is ignored'
        User.getById('alice', false).userFolder == alice
        User.getById('bob', false) == null
        User.getAll().findAll { it.id in ['alice', 'bob'] }*.id == ['alice']
    }

    @Unroll
    def '§7 the folder of "#id" is <#prefix>_<64 hex>'() {
        when:
        tokens(id).generateNewToken('ci')
        File dir = userDir(id)

        then:
        dir.parentFile == new File(j.jenkins.rootDir, 'users')
        dir.name ==~ /[a-z0-9]{0,14}_[a-f0-9]{64}/
        dir.name.startsWith(prefix + '_')
        dir.name.length() == prefix.length() + 65
        User.getById(id, false).userFolder == dir

        where:
        id                             | prefix
        'alice'                        | 'alice'
        'Alice.Smith-99'               | 'alicesmith99'
        'a-very-long-user-name-indeed' | 'averylongusern'
        'émile@corp'                   | 'milecorp'
    }

    def '§7 a user keeps the same folder across restarts and whatever the case of the id used to save it'() {
        given:
        tokens('Bob').generateNewToken('ci')
        String first = userDir('Bob').name

        when:
        j.restart()
        User.getById('BOB', false).save()

        then:
        User.getById('bob', false).userFolder.name == first
        new File(j.jenkins.rootDir, 'users').list() as List == [first]
        tokens('bob').tokenList.size() == 1
    }

    // ---------------------------------------------------------------- §9 / §10 Jenkins, permissions, ACL

    def '§9 Jenkins.get() fails with the documented message once Jenkins is gone'() {
        expect:
        Jenkins.get().is(j.jenkins)
        Jenkins.getInstanceOrNull().is(j.jenkins)

        when:
        j.jenkins.cleanUp()
        Jenkins gone = Jenkins.getInstanceOrNull() ?: Jenkins.getInstance()
        Jenkins.get()

        then:
        IllegalStateException e = thrown()
        gone == null
        e.message == 'Jenkins.instance is missing. Read the documentation of Jenkins.getInstanceOrNull to see what you are doing wrong.'
    }

    def '§9 checkPermission throws AccessDeniedException3 naming the user and the permission'() {
        given:
        secure()

        when:
        actingAs(login('bob')) { j.jenkins.checkPermission(Jenkins.ADMINISTER) }

        then:
        AccessDeniedException3 e = thrown()
        e.message == 'bob is missing the Overall/Administer permission'
        e.authentication.name == 'bob'
        e.permission.is(Jenkins.ADMINISTER)
        e instanceof org.springframework.security.access.AccessDeniedException
    }

    def '§9 a permission the user has passes checkPermission'() {
        given:
        secure()

        when:
        actingAs(login('bob')) { j.jenkins.checkPermission(Jenkins.READ) }
        actingAs(login('admin')) { j.jenkins.checkPermission(Jenkins.ADMINISTER) }

        then:
        noExceptionThrown()
    }

    def '§10 SYSTEM2 passes every check even when the strategy grants nothing'() {
        given:
        j.jenkins.securityRealm = j.createDummySecurityRealm()
        j.jenkins.authorizationStrategy = new MockAuthorizationStrategy()

        when:
        j.jenkins.checkPermission(Jenkins.ADMINISTER)

        then:
        noExceptionThrown()
        Jenkins.getAuthentication2() == ACL.SYSTEM2
        j.jenkins.hasPermission(Jenkins.ADMINISTER)
        j.jenkins.hasPermission2(ACL.SYSTEM2, Jenkins.ADMINISTER)
        User.getById('alice', true).hasPermission2(ACL.SYSTEM2, Jenkins.ADMINISTER)
        !actingAs(login('bob')) { j.jenkins.hasPermission(Jenkins.READ) }
        !j.jenkins.hasPermission2(Jenkins.ANONYMOUS2, Jenkins.READ)
    }

    def '§9 ADMINISTER and READ have the Hudson ids and READ is implied by ADMINISTER'() {
        given:
        j.jenkins.securityRealm = j.createDummySecurityRealm()
        j.jenkins.authorizationStrategy = new MockAuthorizationStrategy().grant(Jenkins.ADMINISTER).everywhere().to('admin')

        expect:
        Jenkins.ADMINISTER.id == 'hudson.model.Hudson.Administer'
        Jenkins.READ.id == 'hudson.model.Hudson.Read'
        Jenkins.MANAGE.id == 'hudson.model.Hudson.Manage'
        Jenkins.RUN_SCRIPTS.id == 'hudson.model.Hudson.RunScripts'
        actingAs(login('admin')) { j.jenkins.hasPermission(Jenkins.MANAGE) && j.jenkins.hasPermission(Jenkins.RUN_SCRIPTS) }
        actingAs(login('admin')) { j.jenkins.hasPermission(Jenkins.READ) }
        !actingAs(login('bob')) { j.jenkins.hasPermission(Jenkins.READ) }
        !actingAs(login('bob')) { j.jenkins.hasPermission(Jenkins.ADMINISTER) }
    }

    def '§9 getAuthentication2 is ANONYMOUS2 when no authentication is set'() {
        given:
        def previous = SecurityContextHolder.getContext()

        when:
        SecurityContextHolder.clearContext()
        Authentication a = Jenkins.getAuthentication2()

        then:
        a.is(Jenkins.ANONYMOUS2)
        a.name == 'anonymous'
        ACL.isAnonymous2(a)

        cleanup:
        SecurityContextHolder.setContext(previous)
    }

    def '§10 closing an ACL.as2 context restores the previous authentication'() {
        given:
        secure()
        Authentication bob = login('bob')

        when:
        def outer = ACL.as2(bob)
        String inOuter = Jenkins.getAuthentication2().name
        def inner = ACL.as2(Jenkins.ANONYMOUS2)
        String inInner = Jenkins.getAuthentication2().name
        inner.close()
        String afterInner = Jenkins.getAuthentication2().name
        outer.close()

        then:
        ACL.SYSTEM2.name == 'SYSTEM'
        inOuter == 'bob'
        inInner == 'anonymous'
        afterInner == 'bob'
        Jenkins.getAuthentication2() == ACL.SYSTEM2
    }

    def '§10 ACL.impersonate2(auth, Runnable) runs the body as auth and restores the previous authentication'() {
        given:
        secure()
        Authentication bob = login('bob')
        String inside = null

        when:
        ACL.impersonate2(bob, { inside = Jenkins.getAuthentication2().name } as Runnable)

        then:
        inside == 'bob'
        Jenkins.getAuthentication2() == ACL.SYSTEM2

        when:
        ACL.impersonate2(bob, { throw new IllegalStateException('boom') } as Runnable)

        then:
        thrown(IllegalStateException)
        Jenkins.getAuthentication2() == ACL.SYSTEM2
    }

    def '§10 ACL.as((User) null) acts as anonymous until closed'() {
        when:
        def ctx = ACL.as((User) null)
        Authentication inside = Jenkins.getAuthentication2()
        User current = User.current()
        ctx.close()

        then:
        ACL.isAnonymous2(inside)
        inside.name == 'anonymous'
        current == null
        Jenkins.getAuthentication2() == ACL.SYSTEM2
    }

    def '§8.6 the owner has ADMINISTER on his own User but not on Jenkins nor on another user'() {
        given:
        secure()
        Authentication bob = login('bob')

        expect:
        User.getById('bob', false).hasPermission2(bob, Jenkins.ADMINISTER)
        User.getById('bob', false).hasPermission2(token('BOB'), Jenkins.ADMINISTER)
        !j.jenkins.hasPermission2(bob, Jenkins.ADMINISTER)
        !User.getById('alice', true).hasPermission2(bob, Jenkins.ADMINISTER)
        User.getById('alice', true).hasPermission2(login('admin'), Jenkins.ADMINISTER)
        actingAs(bob) { User.getById('bob', false).getAllProperties() }.any { it instanceof ApiTokenProperty }
        actingAs(bob) { User.getById('alice', false).getAllProperties() }.empty
    }

    def '§9 setCrumbIssuer does not persist until Jenkins.get().save()'() {
        given:
        assert j.jenkins.crumbIssuer != null

        when:
        j.jenkins.crumbIssuer = null
        j.restart()

        then:
        j.jenkins.crumbIssuer != null

        when:
        j.jenkins.crumbIssuer = null
        Jenkins.get().save()
        j.restart()

        then:
        j.jenkins.crumbIssuer == null
        !j.jenkins.useCrumbs
    }

    def '§9 the security realm and the authorization strategy survive restart'() {
        given:
        secure()

        when:
        j.restart()

        then:
        j.jenkins.securityRealm instanceof JenkinsRule.DummySecurityRealm
        j.jenkins.authorizationStrategy instanceof MockAuthorizationStrategy
        j.jenkins.useSecurity
        actingAs(login('admin')) { j.jenkins.hasPermission(Jenkins.ADMINISTER) }
        actingAs(login('bob')) { j.jenkins.hasPermission(Jenkins.READ) }
        !actingAs(login('bob')) { j.jenkins.hasPermission(Jenkins.ADMINISTER) }
        !j.jenkins.hasPermission2(Jenkins.ANONYMOUS2, Jenkins.READ)
    }

    // ---------------------------------------------------------------- §16 Secret

    def '§16 getEncryptedValue is "{base64 v1 payload}" and fromString of it gives the plaintext back'() {
        given:
        Secret secret = Secret.fromString('hunter2')

        when:
        String encrypted = secret.encryptedValue
        ByteBuffer payload = ByteBuffer.wrap(encrypted[1..-2].decodeBase64())

        then:
        encrypted ==~ /\{[A-Za-z0-9+\/=]+\}/
        encrypted != 'hunter2'
        !encrypted.contains('hunter2')
        payload.get() == (byte) 1
        payload.getInt() == 16
        payload.getInt() == payload.remaining() - 16
        Secret.fromString(encrypted).plainText == 'hunter2'
        Secret.fromString(encrypted) == secret
    }

    def '§16 fromString wraps plain text, null becomes empty, and encrypted values still decrypt after restart'() {
        given:
        String encrypted = Secret.fromString('s3cr3t').encryptedValue

        expect:
        Secret.fromString('plain').plainText == 'plain'
        Secret.fromString(null).plainText == ''
        Secret.toString(null) == ''
        Secret.fromString('{not-base64}').plainText == '{not-base64}'

        when:
        j.restart()

        then:
        Secret.fromString(encrypted).plainText == 's3cr3t'
    }

    def '§16 Secret.toString() returns the plaintext but logs a WARNING; getPlainText() and toString(Secret) do not'() {
        given:
        CapturedLog log = new CapturedLog(Secret.name)
        Secret secret = Secret.fromString('p4ss')

        when:
        String plain = secret.plainText
        String viaStatic = Secret.toString(secret)

        then:
        plain == 'p4ss'
        viaStatic == 'p4ss'
        log.at(Level.WARNING).empty

        when:
        String viaToString = secret.toString()

        then:
        viaToString == 'p4ss'
        log.at(Level.WARNING).size() == 1
        log.text.startsWith('Use of toString() on hudson.util.Secret from ')
        log.text.contains('Prefer getPlainText() or getEncryptedValue()')

        cleanup:
        log?.close()
    }

    // ---------------------------------------------------------------- BulkChange (§4, §8.3)

    def '§8.3 user.save() inside a BulkChange writes nothing until commit()'() {
        given:
        User alice = User.getById('alice', true)
        BulkChange bc = new BulkChange(alice)

        when:
        alice.save()
        alice.save()

        then:
        userDir('alice') == null
        saves.empty

        when:
        bc.commit()

        then:
        userDir('alice') != null
        saves.count { it.is(alice) } == 1

        cleanup:
        bc?.abort()
    }

    def '§8.3 an aborted BulkChange writes nothing, and later saves write again'() {
        given:
        User alice = User.getById('alice', true)
        BulkChange bc = new BulkChange(alice)

        when:
        alice.save()
        bc.abort()

        then:
        userDir('alice') == null
        saves.empty

        when:
        alice.save()

        then:
        userDir('alice') != null

        cleanup:
        bc?.abort()
    }

    // ---------------------------------------------------------------- §5.1 ApiTokenPropertyConfiguration

    def '§5.1 ApiTokenPropertyConfiguration defaults to false, false, true without a file'() {
        when:
        ApiTokenPropertyConfiguration c = ApiTokenPropertyConfiguration.get()

        then:
        !c.tokenGenerationOnCreationEnabled
        !c.creationOfLegacyTokenEnabled
        c.usageStatisticsEnabled
        !c.hasExistingConfigFile()
        !new File(j.jenkins.rootDir, CONFIG_FILE).exists()
    }

    def '§5.1 each setter writes the configuration file and the values survive restart'() {
        when:
        ApiTokenPropertyConfiguration.get().setUsageStatisticsEnabled(false)

        then:
        ApiTokenPropertyConfiguration.get().hasExistingConfigFile()
        new XmlSlurper().parse(new File(j.jenkins.rootDir, CONFIG_FILE)).usageStatisticsEnabled.text() == 'false'

        when:
        ApiTokenPropertyConfiguration.get().setTokenGenerationOnCreationEnabled(true)
        ApiTokenPropertyConfiguration.get().setCreationOfLegacyTokenEnabled(true)
        ApiTokenPropertyConfiguration before = ApiTokenPropertyConfiguration.get()
        j.restart()
        ApiTokenPropertyConfiguration c = ApiTokenPropertyConfiguration.get()

        then:
        !c.is(before)
        c.hasExistingConfigFile()
        c.tokenGenerationOnCreationEnabled
        c.creationOfLegacyTokenEnabled
        !c.usageStatisticsEnabled
        new XmlSlurper().parse(new File(j.jenkins.rootDir, CONFIG_FILE)).name() == 'jenkins.security.apitoken.ApiTokenPropertyConfiguration'
    }

    // ---------------------------------------------------------------- helpers

    /** A realm whose loadUserByUsername2 (inherited) knows no user at all. */
    static class KnowsNobodyRealm extends SecurityRealm {}

    /** The token property of a user, creating the user in memory if needed (no save). */

    def '§16 an unchanged secret is written with the same ciphertext at every save'() {
        given:
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = true
        User user = User.getById('seeded', true)
        user.save()
        String first = new File(user.userFolder, 'config.xml').text.find(/<apiToken>([^<]+)<\/apiToken>/) { all, v -> v }

        when:
        user.save()

        then:
        first ==~ /\{[A-Za-z0-9+\/=]+\}/
        new File(user.userFolder, 'config.xml').text.find(/<apiToken>([^<]+)<\/apiToken>/) { all, v -> v } == first
    }

    def '§8.2 getUrl encodes the id key as Util.rawEncode does (":" and "~" too)'() {
        expect:
        User.getById('Ops:Team~1', true).url == 'user/ops%3Ateam%7E1'
    }

    def '§19 MockAuthorizationStrategy: granting anonymous grants everyone, toEveryone grants anonymous, SYSTEM2 passes its ACL'() {
        given:
        j.jenkins.securityRealm = j.createDummySecurityRealm()
        Authentication bob = User.getById('bob', true).impersonate2()

        when:
        j.jenkins.authorizationStrategy = new MockAuthorizationStrategy().grant(Jenkins.READ).everywhere().to('anonymous')

        then:
        j.jenkins.ACL.hasPermission2(bob, Jenkins.READ)
        j.jenkins.authorizationStrategy.rootACL.hasPermission2(ACL.SYSTEM2, Jenkins.ADMINISTER)
        !j.jenkins.ACL.hasPermission2(bob, Jenkins.ADMINISTER)

        when:
        j.jenkins.authorizationStrategy = new MockAuthorizationStrategy().grant(Jenkins.ADMINISTER).everywhere().toEveryone()

        then:
        j.jenkins.ACL.hasPermission2(Jenkins.ANONYMOUS2, Jenkins.ADMINISTER)
        j.jenkins.ACL.hasPermission2(Jenkins.ANONYMOUS2, Jenkins.READ)
    }

    private static ApiTokenProperty tokens(String id) {
        User.getById(id, true).getProperty(ApiTokenProperty)
    }

    /** Dummy realm (password = user name), admin administers, every authenticated user reads. */
    private void secure() {
        j.jenkins.securityRealm = j.createDummySecurityRealm()
        j.jenkins.authorizationStrategy = new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to('admin')
                .grant(Jenkins.READ).everywhere().toAuthenticated()
    }

    private static Authentication login(String id) {
        User.getById(id, true).impersonate2()
    }

    private static Authentication token(String name) {
        new UsernamePasswordAuthenticationToken(name, '', [SecurityRealm.AUTHENTICATED_AUTHORITY2])
    }

    private static <T> T actingAs(Authentication auth, Closure<T> body) {
        def ctx = ACL.as2(auth)
        try {
            return body.call()
        } finally {
            ctx.close()
        }
    }

    /** The folder under $JENKINS_HOME/users whose config.xml has this exact id; null if none. */
    private File userDir(String id) {
        File[] dirs = new File(j.jenkins.rootDir, 'users').listFiles()
        dirs?.find { File d ->
            File xml = new File(d, 'config.xml')
            xml.file && new XmlSlurper().parse(xml).id.text() == id
        }
    }

    private File configXml(String id) {
        File dir = userDir(id)
        assert dir != null: "no folder for $id"
        new File(dir, 'config.xml')
    }

    private File statsXml(String id) {
        File dir = userDir(id)
        assert dir != null: "no folder for $id"
        new File(dir, 'apiTokenStats.xml')
    }

    /** The first per-token element of apiTokenStats.xml, found by its tokenUuid child (whatever the element's name). */
    private static String statsEntry(String xml) {
        def m = xml =~ /(?s)<(\S+?)>\s*<tokenUuid>.*?<\/\1>/
        assert m.find(): xml
        m.group()
    }

    private GPathResult config(String id) {
        new XmlSlurper().parse(configXml(id))
    }

    private List<String> hashesIn(String id) {
        config(id).depthFirst().findAll { it.name() == 'hash' }*.text()
    }

    private List<String> versionsIn(String id) {
        config(id).depthFirst().findAll { it.name() == 'version' && it.parent().name() == 'value' }*.text()
    }

    private static String sha256(String text) {
        MessageDigest.getInstance('SHA-256').digest(text.getBytes('US-ASCII')).encodeHex().toString()
    }

    private static String md5(String text) {
        MessageDigest.getInstance('MD5').digest(text.getBytes('UTF-8')).encodeHex().toString()
    }
}
