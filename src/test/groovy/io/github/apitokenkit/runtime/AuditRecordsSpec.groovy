package io.github.apitokenkit.runtime

import groovy.json.JsonSlurper
import hudson.model.User
import io.github.apitokenkit.support.CapturedLog
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.support.ScriptSpecification
import io.github.apitokenkit.support.JenkinsSide
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import spock.lang.Unroll

import java.nio.file.Files
import java.util.logging.Level

/**
 * Every change a kit script makes, and every change a dry run would make, is one JSON line at INFO on the logger
 * io.github.apitokenkit.audit, with who ran it (the caller, SYSTEM at boot), the action, the user, the token's name,
 * uuid and expiry, and whether it was a dry run; the same records travel in the launcher's envelope. Never a value.
 */
class AuditRecordsSpec extends ScriptSpecification {
    static final String SEEDED = '11' + '3c' * 16
    /** The keys of a record about one token, in their order, whatever the action, in a real run and in a dry run. */
    static final List<String> TOKEN_KEYS = ['time', 'by', 'action', 'dryRun', 'user', 'name', 'uuid', 'expires', 'legacy']
    /** Each action's record, key by key and in order; the README's "Audit trail" table says the same. */
    static final Map<String, List<String>> SHAPES = ['create', 'seed', 'revoke', 'grace', 'change-legacy'].collectEntries { [it, TOKEN_KEYS] } +
            [settings     : ['time', 'by', 'action', 'dryRun', 'setting', 'from', 'to'],
             'create-user': ['time', 'by', 'action', 'dryRun', 'user']]
    static final String INIT_FILE = '50-seed-api-tokens'
    /**
     * A run of every script that records, each making every record it can: the script, what to prepare (a closure on
     * the spec, answering the parameters) and the actions it records, in a real run and in a dry run alike (unless
     * dryActions says otherwise).
     */
    static final Map<String, Map> RECORDING_RUNS = [
            'create'               : [script: 'create-api-token', prepare: { s -> [user: 'alice', name: 'ci', expires: '30'] }, actions: ['create']],
            'rotate'               : [script: 'rotate-api-token', prepare: { s -> [user: 'alice', name: 'laptop'] }, actions: ['create', 'revoke']],
            'rotate into grace'    : [script : 'rotate-api-token', prepare: { s -> [user: 'alice', name: 'laptop', graceDays: 7] },
                                      actions: ['create', 'grace']],
            'seed'                 : [script: 'seed-api-token', prepare: { s -> [user: 'alice', name: 'seeded', value: SEEDED] }, actions: ['seed']],
            'revoke'               : [script: 'revoke-api-tokens', prepare: { s -> [user: 'alice', name: 'laptop'] }, actions: ['revoke']],
            'prune'                : [script: 'prune-api-tokens', prepare: { s -> s.expiredToken(); [user: 'alice', expired: true] }, actions: ['revoke']],
            'revoke leaked'        : [script : 'revoke-leaked-api-token', prepare: { s -> [value: s.tokens('alice').generateNewToken('leaked').plainValue] },
                                      actions: ['revoke']],
            'revoke legacy'        : [script: 'revoke-legacy-api-tokens', prepare: { s -> s.legacyToken('alice'); [user: 'alice'] }, actions: ['revoke']],
            'change legacy'        : [script: 'change-legacy-api-token', prepare: { s -> s.legacyToken('alice'); [user: 'alice'] }, actions: ['change-legacy']],
            'change legacy, a new' : [script : 'change-legacy-api-token',
                                      prepare: { s -> ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled = true; [user: 'alice'] },
                                      actions: ['change-legacy']],
            'settings'             : [script: 'set-api-token-settings', prepare: { s -> [usageStatistics: 'false'] }, actions: ['settings']],
            // A dry run cannot make the new user's token: the user is not there to make it for.
            'boot'                 : [script    : INIT_FILE, prepare: { s -> s.bootConfig() },
                                      actions   : ['settings', 'create-user', 'create', 'create', 'revoke', 'seed', 'revoke'],
                                      dryActions: ['settings', 'create-user', 'create', 'revoke', 'seed', 'revoke']],
    ]
    CapturedLog log
    String laptop

    def setup() {
        laptop = tokens('alice').generateNewToken('laptop').tokenUuid
        log = new CapturedLog('io.github.apitokenkit.audit', Level.INFO)
    }

    def cleanup() {
        log.close()
    }

    void expiredToken() {
        tokens('alice').generateNewToken('old', java.time.LocalDate.now().minusDays(1))
    }

    /** Gives the user a legacy token, as the "Change API Token" button does while creating them is allowed. */
    void legacyToken(String user) {
        ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled = true
        tokens(user).changeApiToken()
        ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled = false
        assert tokens(user).hasLegacyToken()
    }

    /**
     * The init file's configuration (written to $JENKINS_HOME/api-tokens.json) for a boot that makes every record it
     * can: a setting, a user, a generated token that also revokes the legacy token, a seeded one, an unlisted one revoked.
     */
    Map bootConfig() {
        legacyToken('alice')
        tokens('svc-ci').generateNewToken('ci-unlisted')
        File value = new File(j.jenkins.rootDir, 'seeded.value')
        value.text = SEEDED
        new File(j.jenkins.rootDir, 'api-tokens.json').text = groovy.json.JsonOutput.toJson(
                [settings      : [usageStatistics: false],
                 revokeUnlisted: [namePrefix: 'ci-'],
                 tokens        : [[user: 'robot', name: 'ci-x', generate: true, createUser: true],
                                  [user: 'alice', name: 'ci-modern', generate: true, revokeLegacy: true],
                                  [user: 'svc-ci', name: 'ci-seeded', valueFile: value.path]]])
        return [:]
    }

    /** A script run the console way (pasted, as admin) or the init.groovy.d way (as SYSTEM); the init file only the latter. */
    String runScript(String script, String way, Map parameters) {
        if (script != INIT_FILE) {
            return way == 'console' ? Kit.paste(script, parameters, admin) : Kit.boot(script, parameters)
        }
        File home = Files.createTempDirectory('home').toFile()
        CapturedLog said = new CapturedLog('api-token-kit')
        try {
            File folder = new File(home, 'init.groovy.d')
            folder.mkdir()
            new File(folder, INIT_FILE + '.groovy').text = new File('init.groovy.d', INIT_FILE + '.groovy').getText('UTF-8')
            JenkinsSide.boot(home, parameters)
            return said.records.collect { "${it.level}: ${it.message}" }.join('\n')
        } finally {
            said.close()
            home.deleteDir()
        }
    }

    /**
     * The keys of each record logged so far, in the order its JSON line has them (JsonSlurper's map does not keep it):
     * a key is the string after { or a comma, a quote inside a value being always escaped.
     */
    List<List<String>> keyLists() {
        log.records.collect { record ->
            assert (new JsonSlurper().parseText(record.message) as Map).size() == (record.message =~ /[{,]"([^"\\]*)":/).size()
            (record.message =~ /[{,]"([^"\\]*)":/).collect { it[1] }
        }
    }

    /** The records logged so far, parsed; each must be one line of JSON. */
    List<Map> records() {
        log.records.collect { record ->
            assert record.level == Level.INFO
            assert !record.message.contains('\n')
            new JsonSlurper().parseText(record.message) as Map
        }
    }

    /** The records without their time, which the spec checks apart. */
    List<Map> withoutTime() {
        records().collect { it.findAll { k, v -> k != 'time' } }
    }

    @Unroll
    def 'a #script run in the console records #actions as the caller, with what it changed and no value'() {
        when:
        String output = Kit.paste(script, parameters(this), admin)
        List<Map> seen = records()

        then:
        !output.startsWith('ERROR')
        seen*.action == actions
        seen.every { it.by == 'admin' && it.dryRun == false && it.time ==~ /\d{4}-\d\d-\d\dT.*Z/ }
        seen.every { it.action == 'settings' || it.user == 'alice' }
        !log.text.contains(SEEDED.substring(2))
        !(log.text =~ /11[0-9a-f]{32}/)

        where:
        script                    | parameters                                                                              || actions
        'create-api-token'        | { s -> [user: 'alice', name: 'ci'] }                                                    || ['create']
        'rotate-api-token'        | { s -> [user: 'alice', name: 'laptop'] }                                                || ['create', 'revoke']
        'seed-api-token'          | { s -> [user: 'alice', name: 'seeded', value: SEEDED] }                                 || ['seed']
        'revoke-api-tokens'       | { s -> [user: 'alice', uuid: s.laptop, dryRun: false] }                                 || ['revoke']
        'prune-api-tokens'        | { s -> s.expiredToken(); [user: 'alice', expired: true, dryRun: false] }                 || ['revoke']
        'revoke-leaked-api-token' | { s -> [value: s.tokens('alice').generateNewToken('leaked').plainValue, dryRun: false] } || ['revoke']
        'set-api-token-settings'  | { s -> [usageStatistics: 'false'] }                                                     || ['settings']
    }

    def 'the records name the token: create and revoke carry user, name, uuid, expiry and whether it is legacy'() {
        when:
        Kit.Launched rotated = Kit.bound('rotate-api-token', [user: 'alice', name: 'laptop', expires: '2099-01-01'], admin)

        then:
        withoutTime() == [[by: 'admin', action: 'create', dryRun: false, user: 'alice', name: 'laptop', uuid: rotated.result.value.uuid, expires: '2099-01-01', legacy: false],
                          [by: 'admin', action: 'revoke', dryRun: false, user: 'alice', name: 'laptop', uuid: laptop, expires: null, legacy: false]]
    }

    def 'a dry run records what it would change, marked dryRun, and changes nothing'() {
        when:
        Kit.paste('rotate-api-token', [user: 'alice', name: 'laptop', dryRun: true], admin)
        Kit.paste('revoke-api-tokens', [user: 'alice', uuid: laptop], admin)
        Kit.paste('set-api-token-settings', [usageStatistics: 'false', dryRun: true], admin)

        then:
        withoutTime() == [[by: 'admin', action: 'create', dryRun: true, user: 'alice', name: 'laptop', uuid: null, expires: null, legacy: false],
                          [by: 'admin', action: 'revoke', dryRun: true, user: 'alice', name: 'laptop', uuid: laptop, expires: null, legacy: false],
                          [by: 'admin', action: 'revoke', dryRun: true, user: 'alice', name: 'laptop', uuid: laptop, expires: null, legacy: false],
                          [by: 'admin', action: 'settings', dryRun: true, setting: 'usageStatistics', from: true, to: false]]
        tokenNames('alice') == ['laptop']
        ApiTokenPropertyConfiguration.get().usageStatisticsEnabled
    }

    def 'the legacy token: its change and its revocation are recorded'() {
        given:
        ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled = true

        when:
        Kit.paste('change-legacy-api-token', [user: 'alice'], admin)
        Kit.paste('revoke-legacy-api-tokens', [user: 'alice', dryRun: false], admin)

        then:
        records()*.action == ['change-legacy', 'revoke']
        records()[1].legacy == true
        records()[0].uuid == records()[1].uuid
    }

    def 'through the launcher the records come back in the envelope as they were logged'() {
        when:
        Kit.Launched launched = Kit.launch('create-api-token', [user: 'alice', name: 'ci'], admin, true)

        then:
        launched.result.audit == records()
        launched.result.audit*.action == ['create']
    }

    def 'from init.groovy.d the records say SYSTEM'() {
        when:
        Kit.boot('revoke-api-tokens', [user: 'alice', uuid: laptop, dryRun: false])

        then:
        withoutTime() == [[by: 'SYSTEM', action: 'revoke', dryRun: false, user: 'alice', name: 'laptop', uuid: laptop, expires: null, legacy: false]]
    }

    def 'a refused run records nothing'() {
        when:
        Kit.paste('revoke-api-tokens', [user: 'alice', name: ' ', dryRun: false], admin)

        then:
        records() == []
    }

    @Unroll
    def 'every record of #run (#way, dryRun=#dryRun) has its action\'s keys, in order, the same in a real run and a dry run'() {
        given:
        Map parameters = RECORDING_RUNS[run].prepare.call(this) + [dryRun: dryRun]

        when:
        String output = runScript(RECORDING_RUNS[run].script, way, parameters)
        List<Map> seen = records()

        then:
        !output.contains('ERROR') && !output.contains('WARNING')
        output
        seen*.action == (dryRun ? RECORDING_RUNS[run].dryActions ?: RECORDING_RUNS[run].actions : RECORDING_RUNS[run].actions)
        seen.every { it.dryRun == dryRun }
        [seen*.action, keyLists()].transpose().findAll { action, keys -> keys != SHAPES[action] } == []

        where:
        [run, way, dryRun] << RECORDING_RUNS.collectMany { String run, Map spec ->
            (spec.script == INIT_FILE ? ['init.groovy.d'] : ['console', 'init.groovy.d']).collectMany { way -> [false, true].collect { [run, way, it] } }
        }
    }

    def 'those runs cover every script that changes something, and every action in a real run and a dry run'() {
        given:
        List<String> writing = new File('scripts').listFiles()*.name.findAll { it.endsWith('.groovy') }*.replace('.groovy', '')
                .findAll { (it =~ /^[a-z]+/)[0] in ['create', 'revoke', 'rotate', 'prune', 'set', 'change', 'seed'] }

        expect:
        RECORDING_RUNS.values()*.script as Set == (writing + INIT_FILE) as Set
        RECORDING_RUNS.values().collectMany { it.actions } as Set == SHAPES.keySet()
        RECORDING_RUNS.values().collectMany { it.dryActions ?: it.actions } as Set == SHAPES.keySet()
    }

    def 'a grace record names the token by the name it had, in a real run as in a dry run'() {
        when:
        Kit.paste('rotate-api-token', [user: 'alice', name: 'laptop', graceDays: 7, dryRun: true], admin)
        Kit.paste('rotate-api-token', [user: 'alice', name: 'laptop', graceDays: 7], admin)
        List<Map> grace = records().findAll { it.action == 'grace' }

        then:
        grace.collect { it.findAll { k, v -> k != 'time' } } ==
                [[by: 'admin', action: 'grace', dryRun: true, user: 'alice', name: 'laptop', uuid: laptop, expires: null, legacy: false],
                 [by: 'admin', action: 'grace', dryRun: false, user: 'alice', name: 'laptop', uuid: laptop, expires: null, legacy: false]]
        tokens('alice').tokenList.find { it.uuid == laptop }.name.startsWith('laptop [in grace until ')
    }

    def 'the README\'s "Audit trail" table lists each action\'s keys as the records have them'() {
        given:
        String section = new File('README.md').getText('UTF-8').with { it.substring(it.indexOf('## Audit trail'), it.indexOf('\n## ', it.indexOf('## Audit trail') + 1)) }
        List<String> rows = section.readLines().findAll { it.startsWith('| `') }
        Map<String, List<String>> documented = rows.collectEntries { String row ->
            List<String> cells = row.split(/\|/)*.trim().findAll()
            List<String> keys = (cells[1] =~ /`([^`]+)`/).collect { it[1] }
            (cells[0] =~ /`([^`]+)`/).collect { it[1] }.collectEntries { [it, keys] }
        }

        expect:
        documented == SHAPES
    }
}
