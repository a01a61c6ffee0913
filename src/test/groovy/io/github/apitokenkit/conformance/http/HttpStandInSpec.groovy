package io.github.apitokenkit.conformance.http

import hudson.model.User
import hudson.security.AbstractPasswordBasedSecurityRealm
import hudson.security.SecurityRealm
import io.github.apitokenkit.support.Http
import io.github.apitokenkit.support.HttpSpecification
import jenkins.model.Jenkins
import org.jvnet.hudson.test.MockAuthorizationStrategy
import org.springframework.security.authentication.BadCredentialsException
import org.springframework.security.core.userdetails.UserDetails
import spock.lang.Unroll

import java.nio.charset.StandardCharsets

/** Authentication, permissions, identity endpoints and crumbs of the stand-in over HTTP (JENKINS-FACTS.md §11–§13). */
class HttpStandInSpec extends HttpSpecification {

    def '§19 the root URL has the /jenkins/ context path and a trailing slash'() {
        expect:
        url.toString() ==~ /http:\/\/127\.0\.0\.1:\d+\/jenkins\//
        password('alice').get('').status == 200
    }

    @Unroll
    def '§12.2 wrong credentials get 401 with the Basic challenge on #path, without X-Jenkins'() {
        when:
        Http.Answer answer = new Http(url, 'admin', 'wrong').get(path)

        then:
        answer.status == 401
        answer.header('WWW-Authenticate') == 'Basic realm="Jenkins"'
        answer.header('X-Jenkins') == null
        answer.body.contains('HTTP ERROR 401')

        where:
        path << ['whoAmI/api/json', '', 'scriptText', 'login']
    }

    def '§12.1 a Basic header without a colon is refused like wrong credentials'() {
        when:
        Http.Answer answer = anonymous().get('whoAmI/api/json', [Authorization: 'Basic ' + 'admin'.getBytes(StandardCharsets.UTF_8).encodeBase64()])

        then:
        answer.status == 401
    }

    def '§12.1 the password may contain colons: the header splits at the first one'() {
        given:
        User.getById('a', true).save()
        j.jenkins.securityRealm = new ColonPasswordRealm()

        expect:
        new Http(url, 'a', 'x:y:z').get('whoAmI/api/json').json.name == 'a'
    }

    def '§12.2 a valid token of a user the realm does not know is a 500 oops page, not a 401'() {
        given:
        User.getById('ghost', true).save()
        String value = newToken('ghost')
        j.jenkins.securityRealm = new KnowsNobodyRealm()

        when:
        Http.Answer answer = token('ghost', value).get('whoAmI/api/json')

        then:
        answer.status == 500
        answer.body.contains('Oops!')
    }

    def '§13 §20 whoAmI answers XML too, in Stapler\'s shape'() {
        when:
        Http.Answer answer = password('alice').get('whoAmI/api/xml')

        then:
        answer.status == 200
        answer.header('Content-Type') == 'application/xml;charset=UTF-8'
        answer.header('X-Jenkins') == jenkins.model.Jenkins.VERSION
        answer.header('X-Hudson') == null
        answer.body == "<whoAmI _class='hudson.security.WhoAmI'><anonymous>false</anonymous><authenticated>true</authenticated>" +
                '<authority>authenticated</authority><name>alice</name></whoAmI>'
    }

    def '§20 the root /api/json describes the Jenkins object, as clients read it first; it needs Overall/Read'() {
        when:
        Http.Answer answer = password('alice').get('api/json')
        Http.Answer anonymousAnswer = anonymous().get('api/json')
        String view = '{"_class":"hudson.model.AllView","name":"all","url":"' + url + '"}'

        then: 'Node\'s properties first, then Jenkins\'s, each sorted by name'
        answer.header('Content-Type') == 'application/json;charset=UTF-8'
        answer.body == '{"_class":"hudson.model.Hudson","assignedLabels":[{"name":"built-in"}],"mode":"NORMAL",' +
                '"nodeDescription":"the Jenkins controller\'s built-in node","nodeName":"","numExecutors":2,"description":null,"jobs":[],' +
                '"overallLoad":{},"primaryView":' + view + ',"quietDownReason":null,"quietingDown":false,"slaveAgentPort":0,' +
                '"unlabeledLoad":{"_class":"jenkins.model.UnlabeledLoadStatistics"},"url":null,"useCrumbs":true,"useSecurity":true,' +
                '"views":[' + view + ']}'
        anonymousAnswer.status == 403
        anonymousAnswer.header('X-Required-Permission') == 'hudson.model.Hudson.Read'
        password('alice').withCredentials('alice', 'wrong').get('api/json').status == 401
    }

    def '§12.2 anonymous callers missing a permission get 403 and the login redirect, with the permission headers'() {
        when:
        Http.Answer answer = anonymous().get('scriptText?x=1')

        then:
        answer.status == 403
        answer.header('X-Hudson') == '1.395'
        answer.header('X-Jenkins') == jenkins.model.Jenkins.VERSION
        answer.header('X-Jenkins-Session') ==~ /[0-9a-f]{8}/
        answer.header('X-You-Are-Authenticated-As') == 'anonymous'
        answer.header('X-You-Are-In-Group-Disabled').startsWith('JENKINS-39402')
        answer.header('X-Required-Permission') == 'hudson.model.Hudson.Read'
        answer.headerValues('X-Permission-Implied-By') as Set == ['hudson.security.Permission.GenericRead', 'hudson.model.Hudson.Administer'] as Set
        answer.header('Content-Type') == 'text/html;charset=UTF-8'
        answer.body.contains('Authentication required')
        answer.body.contains("url=/jenkins/login?from=${URLEncoder.encode('/jenkins/scriptText?x=1', 'UTF-8')}")
    }

    def '§12.2 an anonymous XMLHttpRequest gets a plain 403 instead of the redirect page'() {
        when:
        Http.Answer answer = anonymous().get('', ['X-Requested-With': 'XMLHttpRequest'])

        then:
        answer.status == 403
        !answer.body.contains('Authentication required')
        answer.body.contains('HTTP ERROR 403')
    }

    def '§12.2 /me as anonymous is 403 with the redirect page but no permission headers'() {
        given: 'anonymous may read, so what refuses is /me itself'
        j.jenkins.authorizationStrategy = new MockAuthorizationStrategy().grant(Jenkins.READ).everywhere().toEveryone()

        when:
        Http.Answer answer = anonymous().get('me/api/json')

        then:
        answer.status == 403
        answer.body.contains('Authentication required')
        answer.header('X-You-Are-Authenticated-As') == null
        answer.header('X-Required-Permission') == null
    }

    def '§12.2 an authenticated user missing a permission gets 403 Access Denied naming it'() {
        when:
        Http.Answer answer = password('alice').get('scriptText')

        then:
        answer.status == 403
        answer.header('X-You-Are-Authenticated-As') == 'alice'
        answer.header('X-Required-Permission') == 'hudson.model.Hudson.Administer'
        answer.headerValues('X-Permission-Implied-By') == []
        answer.body.contains('alice is missing the Overall/Administer permission')
    }

    def '§9 the login page is readable by anyone, a page outside the context is the container 404'() {
        expect:
        anonymous().get('login').status == 200

        when:
        Http.Answer outside = new Http(new URL(url, '/')).get('whoAmI/api/json')
        Http.Answer inside = password('alice').get('no/such/page')

        then:
        outside.status == 404
        outside.header('X-Jenkins') == null
        inside.status == 404
        inside.header('X-Jenkins') == jenkins.model.Jenkins.VERSION
    }

    def '§13 whoAmI answers anonymous callers, with anonymous and authenticated both true'() {
        when:
        Http.Answer answer = anonymous().get('whoAmI/api/json')

        then:
        answer.status == 200
        answer.body.startsWith('{"_class":"hudson.security.WhoAmI",')
        answer.json == [_class: 'hudson.security.WhoAmI', anonymous: true, authenticated: true, authorities: ['anonymous'], name: 'anonymous']
    }

    def '§13 whoAmI names the caller, by password or by token alike'() {
        expect:
        password('alice').get('whoAmI/api/json').json == expected
        token('alice', newToken('alice')).get('whoAmI/api/json').json == expected

        where:
        expected = [_class: 'hudson.security.WhoAmI', anonymous: false, authenticated: true, authorities: ['authenticated'], name: 'alice']
    }

    def '§11.1 API answers carry X-Jenkins, X-Jenkins-Session and the two protective headers'() {
        when:
        Http.Answer answer = password('alice').get('me/api/json')

        then:
        answer.header('X-Jenkins') == jenkins.model.Jenkins.VERSION
        answer.header('X-Jenkins-Session') ==~ /[0-9a-f]{8}/
        answer.header('X-Content-Type-Options') == 'nosniff'
        answer.header('X-Frame-Options') == 'deny'
        answer.header('Content-Type') == 'application/json;charset=UTF-8'
    }

    def '§13 /me/api/json describes the caller with the ApiTokenProperty and nothing about tokens'() {
        given:
        newToken('alice')

        when:
        Http.Answer answer = password('alice').get('me/api/json')

        then:
        answer.body.startsWith('{"_class":"hudson.model.User",')
        answer.json == [_class     : 'hudson.model.User', absoluteUrl: "${url}user/alice".toString(), description: null,
                        fullName   : 'alice', id: 'alice', property: [[_class: 'jenkins.security.ApiTokenProperty']]]
    }

    def '§13 /user/<id> is case-insensitive, keeps the id case, and lowercases absoluteUrl'() {
        given:
        User.getById('Alice.Smith', true).save()

        when:
        Map user = password('admin').get('user/alice.smith/api/json').json

        then:
        user.id == 'Alice.Smith'
        user.absoluteUrl == "${url}user/alice.smith".toString()
    }

    def '§13 /user/<x> also resolves full names; unknown users are 404 even for an administrator'() {
        given: 'a realm that knows only these accounts, so that a full name is not taken for a user name (§8.1)'
        j.jenkins.securityRealm = new KnowsOnlyRealm(['admin', 'alice', 'bob'])
        User bob = User.getById('bob', false)
        bob.fullName = 'Bob Builder'
        bob.save()

        expect:
        password('admin').get('user/Bob%20Builder/api/json').json.id == 'bob'
        password('admin').get('user/nobody/api/json').status == 404
        User.getById('nobody', false) == null
    }

    def '§13 properties are listed only to the user himself and to administrators'() {
        expect:
        password('alice').get('user/bob/api/json').json.property == []
        password('bob').get('user/bob/api/json').json.property == [[_class: 'jenkins.security.ApiTokenProperty']]
        password('admin').get('user/bob/api/json').json.property == [[_class: 'jenkins.security.ApiTokenProperty']]
    }

    def '§11.1 fetching a crumb creates a session, named JSESSIONID.<8 hex>, HttpOnly under the context path'() {
        given:
        Http alice = password('alice')

        when:
        Http.Answer answer = alice.get('crumbIssuer/api/json')

        then:
        answer.body.startsWith('{"_class":"hudson.security.csrf.DefaultCrumbIssuer",')
        answer.json.crumb ==~ /[0-9a-f]{64}/
        answer.json.crumbRequestField == 'Jenkins-Crumb'
        answer.header('Set-Cookie') ==~ /JSESSIONID\.[0-9a-f]{8}=[0-9a-f]+; Path=\/jenkins; HttpOnly/
        alice.cookies.size() == 1
    }

    def '§11.1 the XPath forms the seed recipe and others use, and the ones core forbids'() {
        given:
        Http alice = password('alice')
        String crumb = crumb(alice)

        expect:
        alice.get('crumbIssuer/api/xml?xpath=concat(//crumbRequestField,":",//crumb)').body == "Jenkins-Crumb:${crumb}"
        alice.get('crumbIssuer/api/xml?xpath=concat(//crumbRequestField,":",//crumb)').header('Content-Type') == 'text/plain;charset=UTF-8'
        alice.get("crumbIssuer/api/xml?xpath=${URLEncoder.encode("concat(//crumbRequestField,'=',//crumb)", 'UTF-8')}").body == "Jenkins-Crumb=${crumb}"
        alice.get('crumbIssuer/api/xml?xpath=/*/crumb/text()').body == crumb
        alice.get('crumbIssuer/api/xml?xpath=/*/crumbRequestField/text()').body == 'Jenkins-Crumb'
        alice.get('crumbIssuer/api/xml').body.contains("<crumb>${crumb}</crumb>")

        when:
        Http.Answer forbidden = alice.get('crumbIssuer/api/xml?xpath=count(//crumb)')

        then:
        forbidden.status == 403
        forbidden.body.contains('primitive XPath result sets forbidden; implement jenkins.security.SecureRequester')
    }

    def '§9 the crumb issuer needs Overall/Read; without an issuer it is 404 and POSTs need no crumb'() {
        expect:
        anonymous().get('crumbIssuer/api/json').status == 403

        when:
        j.jenkins.crumbIssuer = null

        then:
        password('alice').get('crumbIssuer/api/json').status == 404
        password('alice').post(tokenEndpoint('alice', 'generateNewToken'), [newTokenName: 'no-csrf']).json.status == 'ok'
    }

    @Unroll
    def '§11.3 a password POST is refused with 403 when #situation'() {
        given:
        Http alice = password('alice')
        String crumb = crumb(alice)
        Http client = keepCookie ? alice : alice.withoutCookies()

        when:
        Http.Answer answer = client.post(tokenEndpoint('alice', 'generateNewToken'), [newTokenName: 'x'], sent(crumb))

        then:
        answer.status == 403
        answer.body.contains('No valid crumb was included in the request')
        answer.header('X-Jenkins') == null
        tokens('alice').tokenList.empty

        where:
        situation                                  | keepCookie | sent
        'no crumb is sent'                         | true       | { String c -> [:] }
        'the crumb is wrong'                       | true       | { String c -> ['Jenkins-Crumb': 'f' * 64] }
        'the right crumb comes without its cookie' | false      | { String c -> ['Jenkins-Crumb': c] }
    }

    def '§11.3 the right crumb with its session cookie is accepted, as a header or as a parameter'() {
        given:
        Http alice = password('alice')
        String crumb = crumb(alice)

        expect:
        alice.post(tokenEndpoint('alice', 'generateNewToken'), [newTokenName: 'by-header'], ['Jenkins-Crumb': crumb]).json.status == 'ok'
        alice.post(tokenEndpoint('alice', 'generateNewToken'), [newTokenName: 'by-param', 'Jenkins-Crumb': crumb]).json.status == 'ok'
        tokens('alice').tokenList*.name.sort() == ['by-header', 'by-param']
    }

    def '§11.2 a crumb is bound to its user: another user presenting it in the same session is refused'() {
        given:
        Http alice = password('alice')
        String crumb = crumb(alice)

        when:
        Http.Answer answer = alice.withCredentials('bob', 'bob').post(tokenEndpoint('bob', 'generateNewToken'), [newTokenName: 'x'], ['Jenkins-Crumb': crumb])

        then:
        answer.status == 403
        answer.body.contains('No valid crumb')
    }

    def '§11.4 a POST authenticated by an API token in that request needs no crumb and no session'() {
        when:
        Http.Answer answer = token('alice', newToken('alice')).post(tokenEndpoint('alice', 'generateNewToken'), [newTokenName: 'x'])

        then:
        answer.status == 200
        answer.json.status == 'ok'
    }

    def '§11.4 §20 a token sent with the cookie of an earlier token request is checked again, so it still needs no crumb'() {
        given:
        Http alice = token('alice', newToken('alice'))
        crumb(alice)

        expect: 'the session holds no authentication: the token authenticates the POST, which is exempt'
        alice.post(tokenEndpoint('alice', 'generateNewToken'), [newTokenName: 'x']).status == 200
    }

    def '§12.1 §20 every request with a token checks it again and updates the statistics'() {
        given:
        String value = newToken('alice')
        Http alice = token('alice', value)

        when:
        crumb(alice)
        alice.get('whoAmI/api/json')
        alice.get('whoAmI/api/json')

        then:
        tokens('alice').tokenList[0].useCounter == 3
    }

    def '§20 a Basic-auth request never authenticates its session: its cookie alone is anonymous'() {
        given:
        Http alice = password('alice')
        crumb(alice)

        expect:
        new Http(url, null, null, alice.cookies).get('whoAmI/api/json').json.name == 'anonymous'
    }

    def '§20 that cookie with a wrong password is 401, not the session\'s user'() {
        given:
        Http alice = password('alice')
        crumb(alice)

        expect:
        alice.withCredentials('alice', 'wrong').get('whoAmI/api/json').status == 401
    }

    def '§12.3 the session cookie name is new at every start'() {
        given:
        String before = crumbCookieName()

        when:
        j.restart()
        url = j.URL

        then:
        crumbCookieName() ==~ /JSESSIONID\.[0-9a-f]{8}/
        crumbCookieName() != before
    }

    private String crumbCookieName() {
        Http admin = password('admin')
        crumb(admin)
        return admin.cookies.keySet().first()
    }

    /** Accepts any user whose password is exactly "x:y:z". */
    static class ColonPasswordRealm extends AbstractPasswordBasedSecurityRealm {
        @Override
        protected UserDetails authenticate2(String username, String password) {
            if (password != 'x:y:z') {
                throw new BadCredentialsException(username)
            }
            return new org.springframework.security.core.userdetails.User(username, '', [SecurityRealm.AUTHENTICATED_AUTHORITY2])
        }
    }

    /** Knows the accounts given, password equal to the name, like a private realm with those accounts. */
    static class KnowsOnlyRealm extends AbstractPasswordBasedSecurityRealm {
        final Set<String> accounts

        KnowsOnlyRealm(List<String> accounts) {
            this.accounts = accounts as Set
        }

        @Override
        protected UserDetails authenticate2(String username, String password) {
            if (username != password) {
                throw new BadCredentialsException(username)
            }
            return loadUserByUsername2(username)
        }

        @Override
        UserDetails loadUserByUsername2(String username) {
            if (!(username in accounts)) {
                throw new org.springframework.security.core.userdetails.UsernameNotFoundException(username)
            }
            return new org.springframework.security.core.userdetails.User(username, '', [SecurityRealm.AUTHENTICATED_AUTHORITY2])
        }
    }

    /** Like a realm whose user was deleted: it knows no user at all. */
    static class KnowsNobodyRealm extends AbstractPasswordBasedSecurityRealm {}
}
