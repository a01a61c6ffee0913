package io.github.apitokenkit.conformance.http

import hudson.ExtensionList
import hudson.model.User
import io.github.apitokenkit.support.Http
import io.github.apitokenkit.support.HttpSpecification
import jenkins.model.Jenkins
import jenkins.util.ScriptListener

/** /scriptText and /script over HTTP (JENKINS-FACTS.md §14). */
class ScriptTextSpec extends HttpSpecification {
    Http admin

    def setup() {
        admin = token('admin', newToken('admin'))
    }

    def '§14 the body is the raw output as text/plain, with no whitespace added'() {
        when:
        Http.Answer answer = admin.post('scriptText', [script: "print 'hello'"])

        then:
        answer.status == 200
        answer.header('Content-Type') == 'text/plain;charset=UTF-8'
        answer.body == 'hello'
        answer.header('X-Jenkins') == null
    }

    def '§14 the script runs as the caller, with only out bound'() {
        expect:
        admin.post('scriptText', [script: 'print jenkins.model.Jenkins.getAuthentication2().name + binding.variables.keySet()']).body == 'admin[out]'
    }

    def '§14 ScriptListener hears the script before it runs and its output after, with the caller and one correlation id'() {
        given:
        List<List> heard = []
        ScriptListener listener = new ScriptListener() {
            @Override
            void onScriptExecution(String script, Binding binding, Object feature, Object context, String correlationId, User user) {
                heard << ['execution', script, correlationId, user?.id, Jenkins.getAuthentication2().name]
            }

            @Override
            void onScriptOutput(String output, Object feature, Object context, String correlationId, User user) {
                heard << ['output', output, correlationId, user?.id, Jenkins.getAuthentication2().name]
            }
        }
        ExtensionList.lookup(ScriptListener).add(new ScriptListener() {
            @Override
            void onScriptExecution(String script, Binding binding, Object feature, Object context, String correlationId, User user) {
                throw new IllegalStateException('a broken listener is skipped')
            }
        })
        ExtensionList.lookup(ScriptListener).add(listener)

        when:
        Http.Answer answer = admin.post('scriptText', [script: "print 'hello'", other: 'never told'])

        then:
        answer.body == 'hello'
        heard*.getAt([0, 1, 3, 4]) == [['execution', "print 'hello'", 'admin', 'SYSTEM'], ['output', 'hello', 'admin', 'SYSTEM']]
        heard[0][2] == heard[1][2]
        UUID.fromString(heard[0][2])
        !heard.flatten().contains('never told')
    }

    def '§14 a script that throws still answers 200, with the stack trace and no Result line'() {
        when:
        Http.Answer answer = admin.post('scriptText', [script: 'println "before"; throw new IllegalStateException("boom")'])

        then:
        answer.status == 200
        answer.body.startsWith('before\njava.lang.IllegalStateException: boom\n\tat ')
        answer.body.contains('\tat Script1.run(Script1.groovy:1)')
        !answer.body.contains('Result:')
    }

    def '§14 a GET with a script is 405, a GET without one is an empty 200'() {
        when:
        Http.Answer withScript = admin.get('scriptText?script=' + URLEncoder.encode('print 1', 'UTF-8'))
        Http.Answer without = admin.get('scriptText')

        then:
        withScript.status == 405
        withScript.body.contains('requires POST')
        without.status == 200
        without.body == ''
    }

    def '§14 Overall/Administer is checked before anything, even for a GET without a script'() {
        expect:
        password('alice').get('scriptText').status == 403
        token('alice', newToken('alice')).post('scriptText', [script: 'print 1']).status == 403
    }

    def '§14 parameters arrive intact whatever their characters'() {
        given:
        String text = 'é ü 中文 "quotes" \'single\' $dollar ${gstring} back\\slash + & = %'

        expect:
        admin.post('scriptText', [script: "print new String(${text.getBytes('UTF-8').encodeBase64().toString().inspect()}.decodeBase64(), 'UTF-8')"]).body == text
        admin.post('scriptText', [script: 'print ' + text.inspect()]).body == text
    }

    def '§14 /script shows the output HTML-escaped under Result'() {
        when:
        Http.Answer answer = admin.post('script', [script: "print '<b>&'"])

        then:
        answer.status == 200
        answer.header('Content-Type') == 'text/html;charset=UTF-8'
        answer.body.contains('<h2>Result</h2><pre>&lt;b&gt;&amp;</pre>')
    }

    def "§14 the script runs on the thread handling the request: Stapler's current request holds the POST's other fields"() {
        given:
        String script = "def stapler = org.kohsuke.stapler.Stapler\n" +
                "print stapler.getCurrentRequest2().getParameter('apiTokenKitValues') + ' ' + stapler.getCurrentRequest().getParameter('apiTokenKitValues') + ' ' + stapler.getCurrentRequest2().method"

        expect:
        admin.post('scriptText', [script: script, apiTokenKitValues: 'a field of its own']).body == 'a field of its own a field of its own POST'
        org.kohsuke.stapler.Stapler.getCurrentRequest2() == null
        org.kohsuke.stapler.Stapler.getCurrentRequest() == null
    }

    def '§14 before 2.475 (EE 9) Stapler has only getCurrentRequest, the javax form'() {
        given:
        Class older = new io.github.apitokenkit.standin.VersionedStandIn('2.474', getClass().classLoader).loadClass('org.kohsuke.stapler.Stapler')
        Class now = new io.github.apitokenkit.standin.VersionedStandIn('2.475', getClass().classLoader).loadClass('org.kohsuke.stapler.Stapler')

        expect:
        older.methods*.name.findAll { it.startsWith('getCurrentRequest') } == ['getCurrentRequest']
        now.methods*.name.findAll { it.startsWith('getCurrentRequest') }.sort() == ['getCurrentRequest', 'getCurrentRequest2']
    }
}
