package io.github.apitokenkit.conformance.http

import hudson.model.User
import io.github.apitokenkit.support.Http
import io.github.apitokenkit.support.HttpSpecification
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import spock.lang.Unroll

import java.time.LocalDate
import java.time.format.DateTimeFormatter
import java.time.format.FormatStyle

/** The token web methods of ApiTokenProperty.DescriptorImpl over HTTP (JENKINS-FACTS.md §2.5, §18.4–§18.7). */
class TokenEndpointsSpec extends HttpSpecification {
    Http alice

    def setup() {
        alice = token('alice', newToken('alice', 'setup'))
    }

    def '§2.5 generateNewToken answers ok with a working 34-character token'() {
        when:
        Http.Answer answer = alice.post(tokenEndpoint('alice', 'generateNewToken'), [newTokenName: 'ci'])
        Map data = answer.json.data

        then:
        answer.status == 200
        answer.header('Content-Type') == 'application/json; charset=UTF-8'
        answer.header('X-Jenkins') == null
        answer.json.status == 'ok'
        data.keySet() == ['tokenUuid', 'tokenName', 'tokenValue', 'expirationDate', 'aboutToExpire'] as Set
        data.tokenName == 'ci'
        data.tokenValue ==~ /11[0-9a-f]{32}/
        data.expirationDate == 'never'
        data.aboutToExpire == false
        tokens('alice').tokenList.find { it.name == 'ci' }.uuid == data.tokenUuid
        token('alice', data.tokenValue).get('whoAmI/api/json').json.name == 'alice'
    }

    def '§2.5 a blank name becomes "Token created on" and an ISO timestamp'() {
        expect:
        alice.post(tokenEndpoint('alice', 'generateNewToken'), [newTokenName: '  ']).json.data.tokenName ==~
                /Token created on \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)/
    }

    @Unroll
    def '§2.5 expirationDuration #duration gives #expected'() {
        when:
        Map data = alice.post(tokenEndpoint('alice', 'generateNewToken'), form, ['Accept-Language': 'en-US']).json.data

        then:
        data.expirationDate == (expected == null ? 'never' : shortDate(expected, Locale.US))
        data.aboutToExpire == aboutToExpire
        tokens('alice').tokenList.find { it.uuid == data.tokenUuid }.expirationDate == (expected == null ? 'never' : shortDate(expected, Locale.default))

        where:
        duration | form                                                                                    || expected                          | aboutToExpire
        'none'   | [newTokenName: 'x']                                                                     || null                              | false
        'never'  | [newTokenName: 'x', expirationDuration: 'never']                                        || null                              | false
        '30'     | [newTokenName: 'x', expirationDuration: ' 30 ']                                         || LocalDate.now().plusDays(30)      | false
        '0'      | [newTokenName: 'x', expirationDuration: '0']                                            || LocalDate.now()                   | true
        'custom' | [newTokenName: 'x', expirationDuration: 'custom', tokenExpiration: '2099-12-31']        || LocalDate.parse('2099-12-31')     | false
    }

    def '§2.5 an expiry in the past is an HTTP 200 JSON error, and nothing is created'() {
        when:
        Http.Answer answer = alice.post(tokenEndpoint('alice', 'generateNewToken'), [newTokenName: 'x', expirationDuration: '-1'])

        then:
        answer.status == 200
        answer.json == [status: 'error', message: 'Expiration date is in the past.']
        tokens('alice').tokenList*.name == ['setup']
    }

    @Unroll
    def '§2.5 a malformed expiry (#form) is a 500 oops page'() {
        expect:
        alice.post(tokenEndpoint('alice', 'generateNewToken'), form).status == 500
        tokens('alice').tokenList*.name == ['setup']

        where:
        form << [[expirationDuration: 'soon'], [expirationDuration: 'custom'], [expirationDuration: 'custom', tokenExpiration: '31/12/2099']]
    }

    def '§18.5 an administrator may not generate a token for another user: 403 with an empty body and no headers'() {
        when:
        Http.Answer answer = token('admin', newToken('admin')).post(tokenEndpoint('alice', 'generateNewToken'), [newTokenName: 'x'])

        then:
        answer.status == 403
        answer.body == ''
        answer.header('X-Jenkins') == null
        answer.header('Content-Type') == null
        tokens('alice').tokenList*.name == ['setup']
    }

    def '§2.5 /me/descriptorByName reaches the caller\'s own property'() {
        expect:
        alice.post('me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken', [newTokenName: 'mine']).json.data.tokenName == 'mine'
        tokens('alice').tokenList*.name.sort() == ['mine', 'setup']
    }

    @Unroll
    def '§2.5 #method answers a GET with 405 and Allow: POST'() {
        when:
        Http.Answer answer = alice.get(tokenEndpoint('alice', method))

        then:
        answer.status == 405
        answer.header('Allow') == 'POST'
        answer.body.contains('This URL requires POST')

        where:
        method << ['generateNewToken', 'addFixedToken', 'rename', 'revoke', 'revokeAll', 'revokeAllExcept', 'changeToken']
    }

    def '§2.5 addFixedToken stores a known value and answers its uuid and name only'() {
        given:
        String value = '11' + 'ab' * 16

        when:
        Http.Answer answer = alice.post(tokenEndpoint('alice', 'addFixedToken'), [newTokenName: 'fixed', newTokenPlainValue: value])

        then:
        answer.json.status == 'ok'
        answer.json.data.keySet() == ['tokenUuid', 'tokenName'] as Set
        answer.json.data.tokenName == 'fixed'
        token('alice', value).get('whoAmI/api/json').json.name == 'alice'
    }

    def '§2.5 addFixedToken with an invalid value is a 500; by an administrator for someone else a 403'() {
        expect:
        alice.post(tokenEndpoint('alice', 'addFixedToken'), [newTokenName: 'bad', newTokenPlainValue: '12' + 'a' * 32]).status == 500
        token('admin', newToken('admin')).post(tokenEndpoint('alice', 'addFixedToken'), [newTokenName: 'x', newTokenPlainValue: '11' + 'a' * 32]).status == 403
        tokens('alice').tokenList*.name == ['setup']
    }

    def '§2.5 rename answers {"status":"ok"} and renames'() {
        given:
        String uuid = tokens('alice').tokenList[0].uuid

        expect:
        alice.post(tokenEndpoint('alice', 'rename'), [tokenUuid: uuid, newName: 'renamed']).body == '{"status":"ok"}'
        tokens('alice').tokenList*.name == ['renamed']
    }

    @Unroll
    def '§18.4 rename errors are HTTP 200 JSON: #message'() {
        when:
        Http.Answer answer = alice.post(tokenEndpoint('alice', 'rename'), form)

        then:
        answer.status == 200
        answer.json == [status: 'error', message: message]
        tokens('alice').tokenList*.name == ['setup']

        where:
        form                                       || message
        [tokenUuid: '', newName: '']               || 'The name cannot be empty'
        [newName: 'x']                             || 'The tokenUuid cannot be empty'
        [tokenUuid: 'no-such-uuid', newName: 'x']  || 'No token found, try refreshing the page'
    }

    def '§2.5 revoke answers 200 with an empty body, for a known uuid and an unknown one alike'() {
        given:
        String uuid = tokens('alice').tokenList[0].uuid
        Http aliceByPassword = password('alice')
        String crumb = crumb(aliceByPassword)

        when:
        Http.Answer unknown = aliceByPassword.post(tokenEndpoint('alice', 'revoke'), [tokenUuid: 'no-such-uuid'], ['Jenkins-Crumb': crumb])
        Http.Answer known = aliceByPassword.post(tokenEndpoint('alice', 'revoke'), [tokenUuid: uuid], ['Jenkins-Crumb': crumb])

        then:
        unknown.status == 200
        unknown.body == ''
        known.status == 200
        known.body == ''
        tokens('alice').tokenList.empty
    }

    @Unroll
    def '§18.4 #method without a tokenUuid is a 400 container page'() {
        when:
        Http.Answer answer = alice.post(tokenEndpoint('alice', method), [tokenUuid: ' '])

        then:
        answer.status == 400
        answer.body.contains('The tokenUuid cannot be empty')
        tokens('alice').tokenList*.name == ['setup']

        where:
        method << ['revoke', 'revokeAllExcept']
    }

    def '§8.6 administrators may revoke and rename other users\' tokens; other users may not'() {
        given:
        String uuid = tokens('alice').tokenList[0].uuid
        Http admin = token('admin', newToken('admin'))
        Http bob = token('bob', newToken('bob'))

        when:
        Http.Answer refused = bob.post(tokenEndpoint('alice', 'revoke'), [tokenUuid: uuid])

        then:
        refused.status == 403
        refused.header('X-Required-Permission') == 'hudson.model.Hudson.Administer'
        refused.body.contains('bob is missing the Overall/Administer permission')
        bob.post(tokenEndpoint('alice', 'rename'), [tokenUuid: uuid, newName: 'x']).status == 403
        tokens('alice').tokenList*.name == ['setup']

        and:
        admin.post(tokenEndpoint('alice', 'rename'), [tokenUuid: uuid, newName: 'by-admin']).json.status == 'ok'
        admin.post(tokenEndpoint('alice', 'revoke'), [tokenUuid: uuid]).status == 200
        tokens('alice').tokenList.empty
    }

    def '§2.5 revokeAll removes every token'() {
        given:
        newToken('alice', 'second')

        expect:
        alice.post(tokenEndpoint('alice', 'revokeAll')).status == 200
        tokens('alice').tokenList.empty
    }

    def '§18.4 revokeAllExcept keeps the one named, and with an unknown uuid revokes everything'() {
        given:
        newToken('alice', 'second')
        String keep = tokens('alice').tokenList.find { it.name == 'setup' }.uuid
        Http admin = token('admin', newToken('admin'))

        expect:
        admin.post(tokenEndpoint('alice', 'revokeAllExcept'), [tokenUuid: keep]).status == 200
        tokens('alice').tokenList*.name == ['setup']
        admin.post(tokenEndpoint('alice', 'revokeAllExcept'), [tokenUuid: 'no-such-uuid']).status == 200
        tokens('alice').tokenList.empty
    }

    def '§2.5 changeToken without a legacy token, while creating one is disabled, only says so'() {
        when:
        Http.Answer answer = alice.post(tokenEndpoint('alice', 'changeToken'))

        then:
        answer.status == 200
        answer.body == '<div>Capability to generate a legacy token without an existing one is currently disabled in the security configuration</div>'
        !tokens('alice').hasLegacyToken()
    }

    def '§2.5 changeToken shows the owner the new legacy token, and sends it in a header either way'() {
        given:
        ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled = true

        when:
        Http.Answer byOwner = alice.post(tokenEndpoint('alice', 'changeToken'))
        String ownersValue = callbackValue(byOwner)
        Http.Answer byAdmin = token('admin', newToken('admin')).post(tokenEndpoint('alice', 'changeToken'))
        String adminsValue = callbackValue(byAdmin)

        then:
        byOwner.body == '<div>Updated. See the new token in the field above</div>'
        byOwner.header('Content-Type') == 'text/html;charset=UTF-8'
        byAdmin.body == '<div>Updated. You need to login as the user to see the token</div>'
        adminsValue ==~ /[0-9a-f]{32}/
        adminsValue != ownersValue
        token('alice', ownersValue).get('whoAmI/api/json').status == 401
        token('alice', adminsValue).get('whoAmI/api/json').json.name == 'alice'
    }

    def '§13 a token endpoint of an unknown user is 404'() {
        expect:
        token('admin', newToken('admin')).post(tokenEndpoint('nobody', 'revokeAll')).status == 404
        User.getById('nobody', false) == null
    }

    private static String shortDate(LocalDate date, Locale locale) {
        date.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).withLocale(locale))
    }

    private static String callbackValue(Http.Answer answer) {
        String header = answer.header('X-Jenkins-ValidateButton-Callback')
        assert header ==~ /\{"callback":"changeTokenCallback","arguments":\["[0-9a-f]{32}"\]\}/
        return header.find(/[0-9a-f]{32}/)
    }
}
