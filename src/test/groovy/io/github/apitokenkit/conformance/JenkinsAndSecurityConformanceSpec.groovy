package io.github.apitokenkit.conformance

import hudson.model.User
import hudson.security.ACL
import hudson.security.AccessDeniedException3
import hudson.util.Secret
import io.github.apitokenkit.support.CapturedLog
import jenkins.model.Jenkins
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import org.jvnet.hudson.test.JenkinsRule
import org.jvnet.hudson.test.MockAuthorizationStrategy
import org.springframework.security.core.Authentication
import org.springframework.security.core.context.SecurityContextHolder

import java.nio.ByteBuffer
import java.util.logging.Level

/**
 * The stand-in against docs/JENKINS-FACTS.md §9 (Jenkins and its permissions), §10 (ACL and impersonation), §16
 * (Secret, and the legacy seed it encrypts) and §19 (MockAuthorizationStrategy of the test harness).
 */
class JenkinsAndSecurityConformanceSpec extends ConformanceSpecification {
    // ---------------------------------------------------------------- §9 / §10 Jenkins, permissions, ACL

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

    def '§15 $JENKINS_HOME/init.groovy.d runs at every start, a restart included'() {
        given:
        File folder = new File(j.jenkins.rootDir, 'init.groovy.d')
        folder.mkdirs()
        new File(folder, 'count-starts.groovy').text = "new File(jenkins.model.Jenkins.get().rootDir, 'starts').append('x')"

        when:
        j.restart()
        j.restart()

        then:
        new File(j.jenkins.rootDir, 'starts').text == 'xx'
    }

    def '§15 after an init script ran, User.getAll() lists a SYSTEM user that lives in memory only'() {
        given:
        File folder = new File(j.jenkins.rootDir, 'init.groovy.d')
        folder.mkdirs()
        new File(folder, 'nothing.groovy').text = 'null'

        when:
        j.restart()

        then:
        User.getAll()*.id.contains('SYSTEM')
        !(new File(j.jenkins.rootDir, 'users').listFiles() ?: []).any { new File(it, 'config.xml').exists() && new File(it, 'config.xml').text.contains('<id>SYSTEM</id>') }
    }

    def '§15 before an init script runs, the ScriptListeners hear its text, as SYSTEM, with its file and the hook named'() {
        given: 'a first init script that listens, as an audit plugin would, and a second one to be heard'
        File folder = new File(j.jenkins.rootDir, 'init.groovy.d')
        folder.mkdirs()
        new File(folder, '01-listen.groovy').text = '''
            class Heard implements jenkins.util.ScriptListener {
                void onScriptExecution(String script, Binding binding, Object feature, Object context, String correlationId, hudson.model.User user) {
                    File root = jenkins.model.Jenkins.get().rootDir
                    new File(root, 'heard').append([feature instanceof Class ? feature.name : feature, context, correlationId, user?.id,
                            new File(root, 'ran').exists(), context instanceof File && script == context.text].join('|') + '\\n')
                }
            }
            hudson.ExtensionList.lookup(jenkins.util.ScriptListener).add(new Heard())
            '''.stripIndent()
        File heard = new File(folder, '02-heard.groovy')
        heard.text = "new File(jenkins.model.Jenkins.get().rootDir, 'ran').text = 'yes'"

        when:
        j.restart()

        then: 'once, before it ran, its whole text, with no output event after'
        new File(j.jenkins.rootDir, 'heard').readLines() ==
                ["jenkins.util.groovy.GroovyHookScript|${heard.canonicalPath}|jenkins.util.groovy.GroovyHookScript:init|SYSTEM|false|true".toString()]
        new File(j.jenkins.rootDir, 'ran').text == 'yes'
    }

    def '§9 setCrumbIssuer does not persist until Jenkins.get().save()'() {
        given: 'config.xml saved with a crumb issuer'
        assert j.jenkins.crumbIssuer != null
        Jenkins.get().save()
        File config = new File(j.jenkins.rootDir, 'config.xml')
        assert config.text.contains('<crumbIssuer')

        when:
        j.jenkins.crumbIssuer = null

        then: 'in memory at once, in config.xml not yet (a restart would bring it back)'
        !j.jenkins.useCrumbs
        config.text.contains('<crumbIssuer')

        when:
        Jenkins.get().save()

        then:
        !config.text.contains('<crumbIssuer')
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

    // ---------------------------------------------------------------- §19 the test harness

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
}
