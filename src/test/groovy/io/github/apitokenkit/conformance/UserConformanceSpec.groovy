package io.github.apitokenkit.conformance

import hudson.BulkChange
import hudson.model.User
import hudson.security.ACL
import hudson.security.SecurityRealm
import hudson.util.FormValidation
import io.github.apitokenkit.support.KnowsNobodyRealm
import jenkins.model.Jenkins
import jenkins.security.ApiTokenProperty
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken
import org.springframework.security.core.Authentication
import spock.lang.Unroll

/**
 * The stand-in against docs/JENKINS-FACTS.md §7 (the users folder layout) and §8 (User lookup, persistence,
 * BulkChange, reserved ids, case and the user's ACL), with the startup migration of §20.
 */
class UserConformanceSpec extends ConformanceSpecification {
    // ---------------------------------------------------------------- §7 persistence layout

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

    def '§8.3 Jenkins.reload forgets a token added without user.save() and keeps a saved one'() {
        given:
        String saved = tokens('carol').generateNewToken('saved').plainValue
        String unsaved = tokens('carol').tokenStore.generateNewToken('unsaved').plainValue
        User.getById('dave', true)

        expect:
        tokens('carol').tokenList*.name.sort() == ['saved', 'unsaved']

        when:
        j.jenkins.reload()

        then:
        tokens('carol').tokenList*.name == ['saved']
        tokens('carol').matchesPassword(saved)
        !tokens('carol').matchesPassword(unsaved)
        User.getById('dave', false) == null
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

    def '§8.2 getUrl encodes the id key as Util.rawEncode does (":" and "~" too)'() {
        expect:
        User.getById('Ops:Team~1', true).url == 'user/ops%3Ateam%7E1'
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

    // ---------------------------------------------------------------- §8.3 BulkChange

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

    // ---------------------------------------------------------------- §8.6 the user's ACL

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

    // ---------------------------------------------------------------- helpers

    private static Authentication token(String name) {
        new UsernamePasswordAuthenticationToken(name, '', [SecurityRealm.AUTHENTICATED_AUTHORITY2])
    }
}
