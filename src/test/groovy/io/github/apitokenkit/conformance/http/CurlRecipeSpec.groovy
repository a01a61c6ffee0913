package io.github.apitokenkit.conformance.http

import groovy.json.JsonSlurper
import io.github.apitokenkit.support.HttpSpecification
import org.junit.Rule
import org.junit.rules.TemporaryFolder

/**
 * The knowledge-base article's REST recipe, run with the system's curl against the stand-in: a crumb fetched with
 * the password into a cookie jar, then generateNewToken with that cookie and crumb; the new token then
 * authenticates on its own, with no crumb. The recipe is also in the README, against the sandbox.
 */
class CurlRecipeSpec extends HttpSpecification {
    @Rule TemporaryFolder folder = new TemporaryFolder()

    static final String RECIPE = '''
        JENKINS_USER=admin
        JENKINS_USER_PASS=admin
        CRUMB=$(curl -s -u "$JENKINS_USER:$JENKINS_USER_PASS" --cookie-jar cookies.txt \\
            "${JENKINS_URL}crumbIssuer/api/xml?xpath=concat(//crumbRequestField,\\":\\",//crumb)")
        curl -s -u "$JENKINS_USER:$JENKINS_USER_PASS" --cookie cookies.txt -H $CRUMB -X POST \\
            "${JENKINS_URL}user/${JENKINS_USER}/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken" \\
            --data 'newTokenName=kb-token'
    '''

    def 'the seed article\'s curl recipe creates a token that then authenticates without a crumb'() {
        when:
        Map answer = new JsonSlurper().parseText(bash(RECIPE, [JENKINS_URL: url.toString()]))

        then:
        answer.status == 'ok'
        answer.data.tokenName == 'kb-token'
        answer.data.tokenUuid == tokens('admin').tokenList.find { it.name == 'kb-token' }.uuid
        answer.data.tokenValue ==~ /11[0-9a-f]{32}/
        new File(folder.root, 'cookies.txt').text =~ /JSESSIONID\.[0-9a-f]{8}/

        when: 'the new token authenticates whoAmI by itself'
        Map whoAmI = new JsonSlurper().parseText(bash('curl -s -u "admin:$TOKEN" "${JENKINS_URL}whoAmI/api/json"',
                [JENKINS_URL: url.toString(), TOKEN: answer.data.tokenValue]))

        then:
        whoAmI.name == 'admin'
        whoAmI.anonymous == false
        tokens('admin').tokenList.find { it.name == 'kb-token' }.useCounter == 1
    }

    def 'without the cookie jar the same crumb is refused, which is why the recipe keeps it'() {
        when:
        String output = bash('''
            CRUMB=$(curl -s -u admin:admin "${JENKINS_URL}crumbIssuer/api/xml?xpath=concat(//crumbRequestField,\\":\\",//crumb)")
            curl -s -o /dev/null -w '%{http_code}' -u admin:admin -H $CRUMB -X POST \\
                "${JENKINS_URL}user/admin/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken" --data 'newTokenName=kb-token'
        ''', [JENKINS_URL: url.toString()])

        then:
        output == '403'
        tokens('admin').tokenList.empty
    }

    /** Runs a bash snippet in the spec's folder with the given environment; its standard output. */
    private String bash(String script, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder('bash', '-euo', 'pipefail', '-c', script).directory(folder.root)
        builder.environment().putAll(environment)
        builder.redirectError(ProcessBuilder.Redirect.INHERIT)
        Process process = builder.start()
        String output = process.inputStream.getText('UTF-8')
        assert process.waitFor() == 0
        return output
    }
}
