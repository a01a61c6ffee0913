package io.github.apitokenkit.scripts

import hudson.model.User
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import io.github.apitokenkit.support.TokenAges
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import hudson.security.AbstractPasswordBasedSecurityRealm
import hudson.security.SecurityRealm
import org.springframework.security.core.userdetails.UserDetails
import org.springframework.security.core.userdetails.UsernameNotFoundException
import spock.lang.Unroll

import java.time.LocalDate

/**
 * audit-api-tokens: each kind of finding on the token it is about, with its severity; the controller-wide ones when a
 * check is unavailable; text grouped by user with the counts last; JSON and CSV; read-only.
 */
class AuditApiTokensScriptSpec extends ScriptSpecification {
    Map<String, String> uuids = [:]

    /** The spec's realm: it denies "departed", cannot tell about "ghost" (its directory is down), and knows the others. */
    static class DirectoryRealm extends AbstractPasswordBasedSecurityRealm {
        @Override
        UserDetails loadUserByUsername2(String username) throws UsernameNotFoundException {
            if (username == 'departed') {
                throw new UsernameNotFoundException(username)
            }
            if (username == 'ghost') {
                throw new IllegalStateException('the directory is unreachable')
            }
            return new org.springframework.security.core.userdetails.User(username, '', [SecurityRealm.AUTHENTICATED_AUTHORITY2])
        }
    }

    def setup() {
        uuids.fresh = tokens('alice').generateNewToken('fresh', LocalDate.now().plusDays(200)).tokenUuid
        uuids.expired = tokens('alice').generateNewToken('expired', LocalDate.now().minusDays(1)).tokenUuid
        uuids.soon = tokens('alice').generateNewToken('soon', LocalDate.now().plusDays(5)).tokenUuid
        uuids.forever = tokens('svc-ci').generateNewToken('forever').tokenUuid
        uuids.idle = tokens('svc-ci').generateNewToken('idle', LocalDate.now().plusDays(300)).tokenUuid
        uuids.dusty = tokens('svc-ci').generateNewToken('dusty', LocalDate.now().plusDays(300)).tokenUuid
        TokenAges.created(tokens('alice'), uuids.fresh, 1)
        TokenAges.lastUsed(tokens('alice'), uuids.fresh, 0)
        TokenAges.created(tokens('svc-ci'), uuids.idle, 200)
        TokenAges.lastUsed(tokens('svc-ci'), uuids.idle, 120)
        TokenAges.created(tokens('svc-ci'), uuids.dusty, 100)
        uuids.admin = tokens('admin').generateNewToken('root', LocalDate.now().plusDays(100)).tokenUuid
        TokenAges.lastUsed(tokens('admin'), uuids.admin, 0)
        ['departed', 'ghost'].each { String id ->
            User.getById(id, true).save()
            uuids[id] = tokens(id).generateNewToken('left-behind', LocalDate.now().plusDays(100)).tokenUuid
            TokenAges.lastUsed(tokens(id), uuids[id], 0)
        }
        j.jenkins.securityRealm = new DirectoryRealm()
        saves.clear()
    }

    /** [user, name, kind, severity] of each finding the JSON result holds. */
    static List<List> found(Map result) {
        result.findings.collect { [it.user, it.name, it.kind, it.severity] }.sort { it.toString() }
    }

    def 'each kind of finding is on its token, with its severity; nothing changes'() {
        when:
        Map result = Kit.bound('audit-api-tokens', [:], admin).result.value

        then:
        found(result) == ([
                ['admin', 'root', 'owner-administer', 'info'],
                ['alice', 'expired', 'expired', 'warning'],
                ['alice', 'soon', 'expiring', 'warning'],
                ['departed', 'left-behind', 'owner-unknown', 'critical'],
                ['ghost', 'left-behind', 'owner-unverifiable', 'warning'],
                ['svc-ci', 'dusty', 'never-used', 'warning'],
                ['svc-ci', 'forever', 'no-expiry', 'info'],
                ['svc-ci', 'idle', 'unused', 'warning'],
        ]).sort { it.toString() }
        result.findings.find { it.kind == 'owner-unverifiable' }.detail.endsWith('(IllegalStateException)')
        result.findings.every { it.uuid ==~ /[0-9a-f-]{36}/ }
        result.counts == [expired: 1, expiring: 1, 'never-used': 1, 'no-expiry': 1, 'owner-administer': 1, 'owner-unknown': 1, 'owner-unverifiable': 1, unused: 1]
        result.severities == [critical: 1, warning: 5, info: 2]
        result.changed == false
        saves.isEmpty()
    }

    def 'a legacy token is a finding'() {
        given:
        ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled = true
        tokens('alice').changeApiToken()

        expect:
        found(Kit.bound('audit-api-tokens', [user: 'alice'], admin).result.value).contains(['alice', 'Legacy Token', 'legacy', 'warning'])
    }

    def 'the lifetime policy makes a finding of each token that breaks it'() {
        given:
        TokenAges.created(tokens('svc-ci'), uuids.idle, 10)

        when:
        Map result = Kit.bound('audit-api-tokens', [user: 'svc-ci', maxLifetimeDays: '100', requireExpiry: 'true'], admin).result.value

        then:
        result.findings.findAll { it.kind == 'policy' }.collect { [it.name, it.severity, it.detail] }.sort { it[0] } == [
                ['dusty', 'critical', "breaks the lifetime policy (requireExpiry=true, maxLifetimeDays=100): lives 400 days, from ${LocalDate.now().minusDays(100)} to ${LocalDate.now().plusDays(300)}".toString()],
                ['forever', 'critical', 'breaks the lifetime policy (requireExpiry=true, maxLifetimeDays=100): never expires'],
                ['idle', 'critical', "breaks the lifetime policy (requireExpiry=true, maxLifetimeDays=100): lives 310 days, from ${LocalDate.now().minusDays(10)} to ${LocalDate.now().plusDays(300)}".toString()]]
    }

    def 'with usage statistics off there is no unused finding, and one finding says why'() {
        given:
        ApiTokenPropertyConfiguration.get().usageStatisticsEnabled = false

        when:
        Map result = Kit.bound('audit-api-tokens', [user: 'svc-ci'], admin).result.value

        then:
        !result.findings.any { it.kind in ['unused', 'never-used'] }
        result.findings.find { it.kind == 'usage-unknown' }.subMap(['user', 'severity']) == [user: null, severity: 'info']
    }

    def 'text groups the findings by user and ends with the count of each kind; minSeverity keeps the serious ones'() {
        when:
        String text = Kit.paste('audit-api-tokens', [user: 'alice'], admin)
        String serious = Kit.paste('audit-api-tokens', [minSeverity: 'critical'], admin)

        then:
        text == "alice\n" +
                "  expired  ${uuids.expired}  warning   expired: expired on ${LocalDate.now().minusDays(1)}: it no longer authenticates; revoke it\n" +
                "  soon  ${uuids.soon}  warning   expiring: expires on ${LocalDate.now().plusDays(5)}, in 5 days\n" +
                'Findings: expired 1, expiring 1 (critical 0, warning 2, info 0).\n'
        serious.readLines() == ['departed', "  left-behind  ${uuids.departed}  critical  owner-unknown: the security realm does not know its owner (departed or renamed): " +
                'Jenkins answers this token with HTTP 500, impersonation failed; revoke it',
                'Findings: owner-unknown 1 (critical 1, warning 0, info 0).']
    }

    def 'CSV has a row per finding; from init.groovy.d it audits as SYSTEM'() {
        when:
        String csv = Kit.paste('audit-api-tokens', [user: 'alice', format: 'csv'], admin)
        String booted = Kit.boot('audit-api-tokens', [user: 'alice'])

        then:
        csv.readLines()[0] == 'user,name,uuid,kind,severity,detail'
        csv.readLines().size() == 3
        booted.endsWith('Findings: expired 1, expiring 1 (critical 0, warning 2, info 0).\n')
    }

    @Unroll
    def 'bad input (#why) is one line'() {
        expect:
        Kit.paste('audit-api-tokens', parameters, admin) == 'ERROR: ' + error + '\n'

        where:
        why                | parameters                  || error
        'a severity'       | [minSeverity: 'urgent']     || "parameter minSeverity must be one of info, warning, critical, not 'urgent'"
        'negative days'    | [unusedForDays: -1]         || 'parameter unusedForDays must be 0 (off) or more, not -1'
        'an unknown user'  | [user: 'nobody']            || "no user 'nobody': the kit never creates users; check the id under Manage Jenkins > Users"
    }
}
