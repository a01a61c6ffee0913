package io.github.apitokenkit.runtime

import hudson.model.User
import io.github.apitokenkit.support.ScriptSpecification
import jenkins.security.ApiTokenProperty

import java.time.LocalDate

/**
 * The runtime chooses by what the running Jenkins offers (JENKINS-FACTS.md §17): ApiTokenProperty's scripting
 * methods (2.260), their expiry overloads (2.548), the token store API before 2.260. The stand-in is 2.579, so the
 * older shapes are plain objects here with exactly the members those versions have; the runtime only duck-types.
 */
class RuntimeVersionsSpec extends ScriptSpecification {
    def kit
    User user

    def setup() {
        GroovyClassLoader loader = new GroovyClassLoader(getClass().classLoader)
        loader.parseClass(new File('scripts/lib/runtime.groovy'))
        kit = loader.loadClass('ApiTokenKit').newInstance(new Binding())
        user = User.getById('svc-ci', false)
        saves.clear()
    }

    /** ApiTokenStore before 2.260: generateNewToken(String) answers a nested TokenUuidAndPlainValue; no expiry. */
    static class Store2129 {
        List<Token2129> tokens = []

        Map generateNewToken(String name) {
            Token2129 token = new Token2129(uuid: UUID.randomUUID().toString(), name: name)
            tokens << token
            return [tokenUuid: token.uuid, plainValue: '11' + 'c' * 32]
        }

        List<Token2129> getTokenListSortedByName() {
            tokens.sort(false) { it.name }
        }

        Token2129 revokeToken(String uuid) {
            Token2129 token = tokens.find { it.uuid == uuid }
            tokens.remove(token)
            return token
        }
    }

    /** HashedToken before 2.548: no getExpirationDate. */
    static class Token2129 {
        String uuid
        String name
        boolean legacy

        boolean isLegacy() {
            legacy
        }
    }

    static class Stats2129 {
        List<String> removed = []

        void removeId(String uuid) {
            removed << uuid
        }
    }

    /** ApiTokenProperty of 2.129-2.259: the store and the statistics, deleteApiToken, no scripting methods. */
    static class Property2129 {
        Store2129 tokenStore = new Store2129()
        Stats2129 tokenStats = new Stats2129()
        boolean seedDeleted
        List<String> calls = []

        void deleteApiToken() {
            seedDeleted = true
        }
    }

    /** ApiTokenProperty of 2.260-2.547: the scripting methods, without the LocalDate overloads. */
    static class Property2260 extends Property2129 {
        Map generateNewToken(String name) {
            calls << 'generateNewToken(String)'
            return tokenStore.generateNewToken(name)
        }

        String addFixedNewToken(String name, String value) {
            calls << 'addFixedNewToken(String,String)'
            return tokenStore.generateNewToken(name).tokenUuid
        }

        void revokeToken(String uuid) {
            calls << 'revokeToken(String)'
            tokenStore.revokeToken(uuid)
        }
    }

    /** TokenInfoAndStats before 2.548: no expired, aboutToExpire or expirationDate fields. */
    static class Info2547 {
        String uuid
    }

    def '2.129-2.259: a token is made through the store and the user saved once'() {
        given:
        Property2129 tokens = new Property2129()

        when:
        Map created = kit.create(user, tokens, 'ci', null)

        then:
        created.value == '11' + 'c' * 32
        tokens.tokenStore.tokens*.name == ['ci']
        saves['svc-ci'] == 1
    }

    def '2.129-2.259: revoking goes through the store, drops the statistics, and a legacy token loses its seed'() {
        given:
        Property2129 tokens = new Property2129()
        tokens.tokenStore.tokens << new Token2129(uuid: 'legacy-uuid', name: 'Legacy Token', legacy: true)

        expect:
        kit.revoke(user, tokens, 'legacy-uuid')
        tokens.tokenStore.tokens.empty
        tokens.tokenStats.removed == ['legacy-uuid']
        tokens.seedDeleted
        saves['svc-ci'] == 1
        !kit.revoke(user, tokens, 'unknown')
        saves['svc-ci'] == 1
    }

    /** hudson.security.ACL before 2.266 as far as the kit looks: no as2 (core had as(Authentication) and SYSTEM). */
    static class Acl2265 {
        static Object impersonate(Object authentication) { null }
    }

    def 'before 2.266 the scripts that read as SYSTEM refuse, naming the version, before they change anything'() {
        when:
        kit.requireSystemContext(Acl2265)

        then:
        Exception e = thrown()
        e.getClass().simpleName == 'ApiTokenKitError'
        e.message == 'this script needs Jenkins 2.266 or newer (ACL.as2, ACL.SYSTEM2, Jenkins.getAuthentication2); nothing was changed'

        when: 'the stand-in is 2.579'
        kit.requireSystemContext()

        then:
        noExceptionThrown()
    }

    def 'the legacy-token scripts check that capability first, before any change'() {
        expect:
        ['change-legacy-api-token', 'show-legacy-api-token'].every { String script ->
            String body = new File("scripts/${script}.groovy").text.with { it.substring(it.indexOf('new ApiTokenKit(binding).run(')) }
            body.readLines()[1].trim() == 'kit.requireSystemContext()'
        }
    }

    def 'before 2.260 a known value cannot be added: a clear error naming the version'() {
        when:
        kit.addFixed(user, new Property2129(), 'x', '11' + 'a' * 32, null)

        then:
        Exception e = thrown()
        e.getClass().simpleName == 'ApiTokenKitError'
        e.message == 'a token with a known value needs Jenkins 2.260 or newer (ApiTokenProperty.addFixedNewToken)'
    }

    def '2.260-2.547: the scripting methods are used, and asking for an expiry is a clear error naming 2.548'() {
        given:
        Property2260 tokens = new Property2260()

        when:
        kit.create(user, tokens, 'ci', null)
        String fixed = kit.addFixed(user, tokens, 'seeded', '11' + 'a' * 32, null)
        kit.revoke(user, tokens, fixed)

        then:
        tokens.calls == ['generateNewToken(String)', 'addFixedNewToken(String,String)', 'revokeToken(String)']
        saves.isEmpty()

        when:
        kit.create(user, tokens, 'x', LocalDate.now().plusDays(1))

        then:
        Exception create = thrown()
        create.message == 'token expiry needs Jenkins 2.548 or newer; leave expires empty on this controller'

        when:
        kit.addFixed(user, tokens, 'x', '11' + 'a' * 32, LocalDate.now().plusDays(1))

        then:
        Exception add = thrown()
        add.message == 'token expiry needs Jenkins 2.548 or newer; leave expires empty on this controller'
        tokens.tokenStore.tokens*.name == ['ci']
    }

    def 'before 2.548 nothing expires; from 2.548 expiry is read from the token and its listing'() {
        given:
        ApiTokenProperty real = tokens('svc-ci')
        real.generateNewToken('old', LocalDate.now().minusDays(1))

        expect:
        kit.expiryOf(new Token2129(uuid: 'u')) == null
        !kit.expired(new Info2547(uuid: 'u'))
        !kit.aboutToExpire(new Info2547(uuid: 'u'))
        kit.expiryOf(real.tokenStore.tokenListSortedByName[0]) == LocalDate.now().minusDays(1)
        kit.expired(real.tokenList[0])
        kit.aboutToExpire(real.tokenList[0])
    }

    def '2.548 and later: the expiry overloads are used'() {
        when:
        kit.create(user, tokens('svc-ci'), 'x', LocalDate.now().plusDays(5))
        kit.addFixed(user, tokens('svc-ci'), 'y', '11' + 'b' * 32, LocalDate.now().plusDays(6))

        then:
        tokens('svc-ci').tokenStore.tokenListSortedByName*.expirationDate == [LocalDate.now().plusDays(5), LocalDate.now().plusDays(6)]
    }
}
