package io.github.apitokenkit.conformance

import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import jenkins.security.apitoken.TokenUuidAndPlainValue
import spock.lang.Unroll

import java.time.LocalDate
import java.time.format.DateTimeFormatter

/**
 * The stand-in against docs/JENKINS-FACTS.md §1 (token format, legacy tokens, matching, addFixedNewToken validation),
 * §3 (expiry, TokenUuidAndPlainValue) and §6 (token names), with the surprises of §18.1, §18.2 and §18.3.
 */
class TokenFormatConformanceSpec extends ConformanceSpecification {
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

    // ---------------------------------------------------------------- §1.2 legacy tokens

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

    // ---------------------------------------------------------------- §3.3 / §18.3 expiry, §3.4 TokenUuidAndPlainValue

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

    def '§3.4 TokenUuidAndPlainValue.expirationDate is "Never" without a date and "E, L d u" with one'() {
        when:
        TokenUuidAndPlainValue never = tokens('alice').generateNewToken('never')
        TokenUuidAndPlainValue dated = tokens('alice').generateNewToken('dated', LocalDate.of(2026, 9, 20))

        then:
        never.expirationDate == 'Never'
        dated.expirationDate ==~ /[^,\s]+, 9 20 2026/
        dated.expirationDate == LocalDate.of(2026, 9, 20).format(DateTimeFormatter.ofPattern('E, L d u'))
    }

    // ---------------------------------------------------------------- §6 names

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
}
