package io.github.apitokenkit.conformance

import hudson.model.User
import hudson.security.AccessDeniedException3
import hudson.util.FormValidation
import jenkins.model.Jenkins
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import jenkins.security.apitoken.TokenUuidAndPlainValue

import java.time.LocalDate
import java.time.format.DateTimeFormatter
import java.time.format.FormatStyle

/**
 * The stand-in against docs/JENKINS-FACTS.md §2 (the ApiTokenProperty API: expiration dates, revoking, permission
 * checks, the legacy token, the descriptor), with the surprise of §18.8.
 */
class ApiTokenPropertyConformanceSpec extends ConformanceSpecification {
    static final String HIDDEN = 'Token is hidden'

    // ---------------------------------------------------------------- §2.3 / §2.4 expiration dates

    def '§2.3 generateNewToken accepts a past expiration date and creates an already expired token'() {
        when:
        TokenUuidAndPlainValue created = tokens('alice').generateNewToken('old', LocalDate.now().minusDays(3))

        then:
        created.plainValue ==~ /11[0-9a-f]{32}/
        tokens('alice').tokenList.find { it.uuid == created.tokenUuid }.expired
        !tokens('alice').matchesPassword(created.plainValue)
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

    // ---------------------------------------------------------------- §2.3 no permission checks, except on the legacy token

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

    // ---------------------------------------------------------------- §2.1 / §2.3 / §18.8 legacy tokens

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

    // ---------------------------------------------------------------- §2.3 / §2.5 the property of every user

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
}
