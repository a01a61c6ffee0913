package io.github.apitokenkit.launcher

import groovy.json.JsonSlurper
import hudson.security.AbstractPasswordBasedSecurityRealm
import io.github.apitokenkit.support.SandboxProcess
import org.junit.Rule
import org.jvnet.hudson.test.JenkinsRule
import org.springframework.security.authentication.BadCredentialsException
import org.springframework.security.core.userdetails.UserDetails
import spock.lang.Specification

import java.util.concurrent.Callable
import java.util.concurrent.Executors

/**
 * One command on four controllers: two sandboxes (separate processes), one that refuses the credentials (this JVM's
 * stand-in), one that is down. The others are still done, each gets its result, and the exit code says some failed.
 */
class FleetSpec extends Specification {
    @Rule JenkinsRule j = new JenkinsRule()
    List<SandboxProcess> sandboxes = []
    ByteArrayOutputStream out = new ByteArrayOutputStream()
    ByteArrayOutputStream err = new ByteArrayOutputStream()

    static class RefusingRealm extends AbstractPasswordBasedSecurityRealm {
        @Override
        protected UserDetails authenticate2(String username, String password) {
            throw new BadCredentialsException(username)
        }
    }

    def setup() {
        def pool = Executors.newFixedThreadPool(2)
        sandboxes = (1..2).collect { pool.submit({ SandboxProcess.start(null) } as Callable<SandboxProcess>) }*.get()
        pool.shutdown()
        j.jenkins.securityRealm = new RefusingRealm()
    }

    def cleanup() {
        sandboxes*.stop()
    }

    def 'two results, two clear failures, a non-zero exit code'() {
        given:
        String refusing = j.URL.toString()
        String down = "http://127.0.0.1:${SandboxProcess.freePort()}/jenkins/"
        List<String> urls = [sandboxes[0].url.toString(), refusing, down, sandboxes[1].url.toString()]

        when:
        File auditLog = File.createTempFile('audit', '.jsonl')
        auditLog.delete()
        int exit = Main.run((urls.collectMany { ['--url', it] } + ['--json', '--parallel', '3', '--audit-log', auditLog.path, 'create-api-token', 'user=alice', 'name=fleet']) as String[],
                new PrintStream(out, true, 'UTF-8'), new PrintStream(err, true, 'UTF-8'), [JENKINS_USER_ID: 'admin', JENKINS_API_TOKEN: 'admin'], null)
        List<Map> results = out.toString('UTF-8').readLines().collect { new JsonSlurper().parseText(it) as Map }

        then:
        exit == 5
        results*.url == urls
        results.findAll { it.ok }*.url == sandboxes*.url*.toString()
        results.findAll { it.ok }.every { it.result.value ==~ /11[0-9a-f]{32}/ }
        results.find { it.url == refusing }.exitCode == 4
        results.find { it.url == refusing }.error == "authentication refused by ${refusing} (401): wrong user name or secret for 'admin'; check --auth"
        results.find { it.url == down }.exitCode == 5
        results.find { it.url == down }.error.startsWith('connection refused by 127.0.0.1:')
        err.toString('UTF-8').readLines().findAll { it ==~ /\[\d\/4\] http\S+: (ok|failed .*)/ }.size() == 4

        and: 'the audit log has one record per controller that made the token, each naming its controller'
        auditLog.readLines().collect { new JsonSlurper().parseText(it) as Map }.collect { [it.url, it.action, it.user, it.name] } ==
                sandboxes.collect { [it.url.toString(), 'create', 'alice', 'fleet'] }

        cleanup:
        auditLog?.delete()
    }
}
