package io.github.apitokenkit.init

import groovy.json.JsonOutput
import hudson.model.User
import io.github.apitokenkit.conventions.HostileValuesSpec
import io.github.apitokenkit.support.CapturedLog
import io.github.apitokenkit.support.JenkinsSide
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import org.junit.Rule
import org.jvnet.hudson.test.JenkinsRule
import spock.lang.Specification
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

/** init.groovy.d/50-seed-api-tokens.groovy through core's init hook, across restarts (issue: boot-time provisioning). */
class SeedApiTokensInitSpec extends Specification {
    static final String SCRIPT = '50-seed-api-tokens.groovy'
    static final String KNOWN = '11' + '00112233445566778899aabbccddeeff'
    static final String OTHER = '11' + 'ffeeddccbbaa99887766554433221100'

    @Rule JenkinsRule j = new JenkinsRule()
    File secrets
    String log
    String stdout

    def setup() {
        ['svc-ci', 'svc-deploy'].each { User.getById(it, true).save() }
        secrets = Files.createTempDirectory('mounted-secrets').toFile()
        new File(secrets, 'svc-ci').text = KNOWN + '\n'
    }

    def cleanup() {
        secrets.deleteDir()
        System.clearProperty('api-token-kit.config')
    }

    Map goodConfig() {
        [settings: [usageStatistics: true, creationOfLegacyToken: false],
         tokens  : [[user: 'svc-ci', name: 'deploy', valueFile: new File(secrets, 'svc-ci').path],
                    [user: 'svc-deploy', name: 'generated', generate: true]]]
    }

    def 'the first boot seeds the known value and generates the other token into a 0600 file in 0700 folders'() {
        when:
        boot(goodConfig())
        File generated = new File(j.jenkins.rootDir, 'secrets/api-tokens/svc-deploy-generated')

        then:
        authenticates('svc-ci', KNOWN)
        generated.file
        authenticates('svc-deploy', generated.text.trim())
        mode(generated) == 'rw-------'
        mode(generated.parentFile) == 'rwx------'
        log.contains('api-token-kit: svc-ci/deploy added (uuid ')
        log.contains("api-token-kit: svc-deploy/generated generated into ${generated} (uuid ")
        log.contains('api-token-kit: 2 entries, 2 changes')
    }

    def 'ten boots in a row leave the identical state and each says nothing changed'() {
        given:
        boot(goodConfig())
        Map<String, String> first = snapshot()

        expect:
        (1..10).every {
            j.restart()
            boot(goodConfig())
            snapshot() == first && log.contains('api-token-kit: 2 entries, nothing changed') && !log.contains('WARNING')
        }
    }

    def 'a new known value in the secret file replaces exactly that token'() {
        given:
        boot(goodConfig())
        String generatedUuid = uuids('svc-deploy')[0]
        new File(secrets, 'svc-ci').text = OTHER

        when:
        j.restart()
        boot(goodConfig())

        then:
        authenticates('svc-ci', OTHER)
        !authenticates('svc-ci', KNOWN)
        tokens('svc-ci').tokenList*.name == ['deploy']
        uuids('svc-deploy') == [generatedUuid]
        log.contains('api-token-kit: svc-ci/deploy added (uuid ')
        log.contains('revoked 1 other token of that name')
    }

    def 'deleting a generated token\'s file regenerates it, and the lost value stops working'() {
        given:
        boot(goodConfig())
        File generated = new File(j.jenkins.rootDir, 'secrets/api-tokens/svc-deploy-generated')
        String lost = generated.text.trim()
        generated.delete()

        when:
        j.restart()
        boot(goodConfig())

        then:
        String fresh = generated.text.trim()
        fresh != lost
        authenticates('svc-deploy', fresh)
        !authenticates('svc-deploy', lost)
        tokens('svc-deploy').tokenList*.name == ['generated']
    }

    def '§8.5 an entry whose user is respelt (alice, then ALICE) is the same user: the same file, its value still working, nothing revoked'() {
        given: 'a first boot with the user as created'
        User.getById('alice', true).save()
        boot([tokens: [[user: 'alice', name: 'deploy', generate: true]]])
        File file = new File(j.jenkins.rootDir, 'secrets/api-tokens/alice-deploy')
        String value = file.text.trim()
        List<String> before = uuids('alice')

        when: 'a boot with the id spelt otherwise'
        j.restart()
        boot([tokens: [[user: 'ALICE', name: 'deploy', generate: true]]])

        then:
        file.text.trim() == value
        authenticates('alice', value)
        uuids('alice') == before
        new File(j.jenkins.rootDir, 'secrets/api-tokens').list() as List == ['alice-deploy']
        log == 'INFO: api-token-kit: 1 entry, nothing changed'
    }

    def '§8.5 a file an earlier kit wrote under the entry\'s spelling (bob-deploy for the user Bob) is moved under the id, its token kept'() {
        given: 'what an earlier kit left: the token, and its value in a file named as the entry spells the user'
        User.getById('Bob', true).save()
        String value = tokens('Bob').generateNewToken('deploy').plainValue
        List<String> before = uuids('Bob')
        File folder = new File(j.jenkins.rootDir, 'secrets/api-tokens')
        folder.mkdirs()
        new File(folder, 'bob-deploy').text = value + '\n'

        when:
        boot([tokens: [[user: 'bob', name: 'deploy', generate: true]]])

        then:
        log.readLines() == ["INFO: api-token-kit: Bob/deploy: ${new File(folder, 'bob-deploy')} was moved to ${new File(folder, 'Bob-deploy')}, under the user's id".toString(),
                            'INFO: api-token-kit: 1 entry, 1 change']
        folder.list() as List == ['Bob-deploy']
        new File(folder, 'Bob-deploy').text.trim() == value
        authenticates('Bob', value)
        uuids('Bob') == before
    }

    def '§8.5 two entries naming one user in two spellings are one user: the second is refused as the same token, one file, one token, and the messages give its id'() {
        given:
        User.getById('alice', true).save()
        Map config = [tokens: [[user: 'ALICE', name: 'deploy', generate: true], [user: 'Alice', name: 'deploy', generate: true],
                               [user: 'aLiCe', name: 'x', generate: true, expires: 'soon']]]
        File file = new File(j.jenkins.rootDir, 'secrets/api-tokens/alice-deploy')

        when:
        boot(config)

        then:
        log.readLines() == ["INFO: api-token-kit: alice/deploy generated into ${file} (uuid ${uuids('alice')[0]})".toString(),
                            "WARNING: api-token-kit: alice/deploy: another entry is the same token (user 'alice', name 'deploy'): list each token once; this entry was skipped, the others were applied",
                            "WARNING: api-token-kit: alice/x: parameter expires must be a number of days from 0 to 36500, a date like 2027-01-31, empty or never; not 'soon'; this entry was skipped, the others were applied",
                            'WARNING: api-token-kit: 3 entries, 1 change, 2 problems (see the warnings above)']
        authenticates('alice', file.text.trim())
        uuids('alice').size() == 1

        when: 'the next boot'
        j.restart()
        boot(config)

        then:
        authenticates('alice', file.text.trim())
        uuids('alice').size() == 1
        new File(j.jenkins.rootDir, 'secrets/api-tokens').list() as List == ['alice-deploy']
    }

    @Unroll
    def 'a malformed entry (#why) is a warning naming it and the fix; the good entry still applies and the boot goes on'() {
        given:
        Map config = goodConfig()
        config.tokens << bad(secrets)

        when:
        boot(config)

        then:
        notThrown(Throwable)
        log.contains(warning)
        log.contains('this entry was skipped, the others were applied')
        authenticates('svc-ci', KNOWN)
        log.contains('1 problem (see the warnings above)')

        where:
        why                         | bad                                                                             || warning
        'not an object'             | { s -> 'svc-ci' }                                                               || 'tokens[2]: must be an object'
        'misspelled key'            | { s -> [user: 'svc-ci', name: 'x', valueFiel: 'y'] }                            || 'tokens[2]: unknown key valueFiel'
        'user not a string'         | { s -> [user: 42, name: 'x', generate: true] }                                  || 'tokens[2]: user must be a string'
        'generate not a boolean'    | { s -> [user: 'svc-ci', name: 'x', generate: 'yes'] }                           || 'tokens[2]: generate must be true or false'
        'no user'                   | { s -> [name: 'x', generate: true] }                                            || 'tokens[2]: parameter user is required'
        'unknown user'              | { s -> [user: 'ghost', name: 'x', generate: true] }                             || "ghost/x: no user 'ghost'; create it first"
        'both value and generate'   | { s -> [user: 'svc-ci', name: 'x', generate: true, valueFile: 'f'] }            || 'svc-ci/x: give either "valueFile"'
        'neither value nor generate'| { s -> [user: 'svc-ci', name: 'x'] }                                            || 'svc-ci/x: give either "valueFile"'
        'bad token value'           | { s -> new File(s, 'bad').text = '12abc'; [user: 'svc-ci', name: 'x', valueFile: new File(s, 'bad').path] } || 'must be "11" followed by 32 hex characters (34 in all); the value is not shown'
        'missing value file'        | { s -> [user: 'svc-ci', name: 'x', valueFile: new File(s, 'none').path] }       || 'svc-ci/x: cannot read valueFile'
        'unreadable value file'     | { s -> [user: 'svc-ci', name: 'x', valueFile: s.path] }                         || 'svc-ci/x: cannot read valueFile'
        'output not writable'       | { s -> [user: 'svc-ci', name: 'x', generate: true, outputFile: new File(s, 'svc-ci/x').path] } || 'svc-ci/x: cannot write'
        'bad expiry'                | { s -> [user: 'svc-ci', name: 'x', generate: true, expires: 'soon'] }           || "svc-ci/x: parameter expires must be a number of days from 0 to 36500, a date like 2027-01-31, empty or never; not 'soon'"
        'newline in the name'       | { s -> [user: 'svc-ci', name: 'x\ny', generate: true] }                         || 'parameter name must not contain control, format or line-separator characters (U+000A at position 2)'
        'output is a folder'        | { s -> [user: 'svc-ci', name: 'x', generate: true, outputFile: s.path] }        || ': it is a folder; choose the path of a regular file as outputFile'
    }

    def 'an output file that is a folder gets no token: none is made whose value would be lost'() {
        when:
        boot([tokens: [[user: 'svc-ci', name: 'x', generate: true, outputFile: secrets.path]]])

        then:
        tokens('svc-ci').tokenList.empty
        secrets.directory
    }

    @Unroll
    def 'every hostile #key in an entry is refused in one warning line or taken literally, and no log line breaks'() {
        given:
        List<String> problems = []

        when:
        HostileValuesSpec.CORPUS.each { String label, String value ->
            Map entry = [user: 'svc-ci', name: 'hostile', generate: true, outputFile: new File(secrets, 'out').path]
            if (key == 'valueFile') {
                entry.remove('generate')
                entry.remove('outputFile')
            }
            entry[key] = value
            Map before = [ci: tokens('svc-ci').tokenList*.name.sort(), deploy: tokens('svc-deploy').tokenList*.name.sort()]
            boot([tokens: [entry]])
            List<String> lines = log.readLines()
            if (lines.any { it =~ HostileValuesSpec.ApiTokenKitText.UNPRINTABLE }) {
                problems << "${label}: a log line holds an unprintable character"
            }
            List<String> ciAfter = tokens('svc-ci').tokenList*.name.sort()
            boolean skipped = lines.count { it.contains('this entry was skipped') } == 1
            boolean literal = !skipped && (ciAfter - before.ci).every { it == (key == 'name' ? value : 'hostile') }
            if (!skipped && !literal) {
                problems << "${label}: neither skipped in one warning nor taken literally: ${lines}"
            }
            if (skipped && ciAfter != before.ci) {
                problems << "${label}: skipped, yet svc-ci's tokens changed"
            }
            if (tokens('svc-deploy').tokenList*.name.sort() != before.deploy) {
                problems << "${label}: another user's tokens changed"
            }
            new File(secrets, 'out').delete()
        }

        then:
        problems == []

        where:
        key << ['user', 'name', 'expires', 'valueFile', 'outputFile']
    }

    @Unroll
    def 'a malformed file (#why) is one warning and the boot goes on'() {
        given:
        new File(j.jenkins.rootDir, 'api-tokens.json').text = content

        when:
        bootFile()

        then:
        notThrown(Throwable)
        log.contains(warning)
        !authenticates('svc-ci', KNOWN)

        where:
        why                   | content                               || warning
        'not JSON'            | '{"tokens": [ '                       || 'is not valid JSON ('
        'a list, not object'  | '[]'                                  || 'must hold a JSON object with "tokens" and/or "settings"'
        'tokens not a list'   | '{"tokens": {"user": "svc-ci"}}'      || '"tokens" must be a list of objects'
        'settings not object' | '{"settings": true}'                  || '"settings" must be an object'
        'unknown setting'     | '{"settings": {"statistics": false}}' || 'setting statistics ignored'
    }

    @Unroll
    def 'a file with a key given twice (#where) is refused in one line naming the key, and nothing is provisioned'() {
        given: 'tokens the file would revoke, a setting it would change'
        String byHand = tokens('svc-ci').generateNewToken('deploy').tokenUuid
        String unlisted = tokens('svc-ci').generateNewToken('ci-old').tokenUuid
        File file = new File(j.jenkins.rootDir, 'api-tokens.json')
        file.text = content.replace('SECRET', new File(secrets, 'svc-ci').path)
        CapturedLog audit = new CapturedLog('io.github.apitokenkit.audit')

        when:
        bootFile()

        then: 'the boot goes on past one warning line, the one line of this boot'
        notThrown(Throwable)
        log.readLines() == ["WARNING: api-token-kit: ${file} gives the key '${key}' twice ${place}: nothing was provisioned; fix the file and restart".toString()]

        and: 'nothing made, nothing revoked, no setting changed, nothing recorded'
        tokens('svc-ci').tokenList*.uuid.sort() == [byHand, unlisted].sort()
        tokens('svc-deploy').tokenList.empty
        !new File(j.jenkins.rootDir, 'secrets/api-tokens').exists()
        ApiTokenPropertyConfiguration.get().usageStatisticsEnabled
        audit.records.empty

        cleanup:
        audit?.close()

        where:
        where                     | key               | place                     | content
        'at the top'              | 'revokeUnlisted'  | 'in the top-level object' | '{"revokeUnlisted": {"namePrefix": "ci-"}, "tokens": [{"user": "svc-ci", "name": "deploy", "valueFile": "SECRET"}], "revokeUnlisted": {"namePrefix": "x-"}}'
        'in the policy'           | 'maxLifetimeDays' | 'in policy'               | '{"policy": {"maxLifetimeDays": 30, "maxLifetimeDays": 3650}, "tokens": [{"user": "svc-deploy", "name": "x", "generate": true}]}'
        'in a setting'            | 'usageStatistics' | 'in settings'             | '{"settings": {"usageStatistics": false, "usageStatistics": true}}'
        'in the second entry'     | 'name'            | 'in tokens[1]'            | '{"tokens": [{"user": "svc-deploy", "name": "x", "generate": true}, {"user": "svc-ci", "name": "deploy", "valueFile": "SECRET", "name": "y"}]}'
        'spelt with an escape'    | 'user'            | 'in tokens[0]'            | '{"tokens": [{"user": "svc-ci", "name": "deploy", "valueFile": "SECRET", "\\u0075ser": "svc-deploy"}]}'
        'deep in a list of lists' | 'a'               | 'in revokeUnlisted.x[1][0]' | '{"revokeUnlisted": {"namePrefix": "ci-", "x": [[], [{"a": 1, "b": {"a": 2}, "a": 3}]]}, "tokens": []}'
    }

    def 'a key in two objects is no duplicate, and a value holding what looks like a key is only a value'() {
        when:
        boot([tokens: [[user: 'svc-ci', name: 'a", "name": "b', generate: true, outputFile: new File(secrets, 'out').path],
                       [user: 'svc-deploy', name: 'b', generate: true]]])

        then:
        tokens('svc-ci').tokenList*.name == ['a", "name": "b']
        tokens('svc-deploy').tokenList*.name == ['b']
        log.contains('api-token-kit: 2 entries, 2 changes')
    }

    def 'without a file it says so and changes nothing; the file may be elsewhere, named by a system property'() {
        when:
        bootFile()

        then:
        log.contains('api-token-kit: no ')
        log.contains('nothing to provision')

        when:
        File elsewhere = new File(secrets, 'config.json')
        elsewhere.text = JsonOutput.toJson(goodConfig())
        System.setProperty('api-token-kit.config', elsewhere.path)
        bootFile()

        then:
        authenticates('svc-ci', KNOWN)
    }

    def 'no token value ever reaches the log or the process output'() {
        given:
        CapturedLog everything = new CapturedLog('')

        when:
        boot(goodConfig())
        new File(j.jenkins.rootDir, 'secrets/api-tokens/svc-deploy-generated').delete()
        j.restart()
        boot(goodConfig())
        String generated = new File(j.jenkins.rootDir, 'secrets/api-tokens/svc-deploy-generated').text.trim()

        then:
        [everything.text, stdout].every { !it.contains(KNOWN.substring(2)) && !it.contains(generated.substring(2)) }

        cleanup:
        everything?.close()
    }

    def 'users are never created unless an entry asks; settings apply; legacy tokens are revoked for good when asked'() {
        given:
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = true
        User.getById('old-timer', true).save()
        Map config = [settings: [tokenGenerationOnCreation: false, usageStatistics: false],
                      tokens  : [[user: 'new-robot', name: 'x', generate: true, createUser: true],
                                 [user: 'old-timer', name: 'modern', generate: true, revokeLegacy: true]]]

        when:
        boot(config)
        j.restart()

        then:
        User.getById('new-robot', false) != null
        tokens('new-robot').tokenList*.name == ['x']
        !tokens('old-timer').hasLegacyToken()
        tokens('old-timer').tokenList*.name == ['modern']
        !ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled
        !ApiTokenPropertyConfiguration.get().usageStatisticsEnabled
    }

    def 'each change of a boot is an audit record by SYSTEM, a dry run\'s marked so; no value in any'() {
        given:
        ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled = true
        User.getById('old-timer', true).save()
        Map config = [settings: [tokenGenerationOnCreation: false],
                      tokens  : [[user: 'new-robot', name: 'x', generate: true, createUser: true],
                                 [user: 'old-timer', name: 'modern', generate: true, revokeLegacy: true],
                                 [user: 'svc-ci', name: 'deploy', valueFile: new File(secrets, 'svc-ci').path]]]
        CapturedLog audit = new CapturedLog('io.github.apitokenkit.audit')

        when:
        boot(config, [dryRun: true])
        List<Map> dry = audit.records.collect { new groovy.json.JsonSlurper().parseText(it.message) as Map }
        boot(config)
        List<Map> all = audit.records.collect { new groovy.json.JsonSlurper().parseText(it.message) as Map }
        List<Map> real = all.drop(dry.size())

        then:
        dry.collect { [it.action, it.user, it.name] } == [['settings', null, null], ['create-user', 'new-robot', null],
                                                          ['create', 'old-timer', 'modern'], ['revoke', 'old-timer', 'Legacy Token'],
                                                          ['seed', 'svc-ci', 'deploy']]
        dry.every { it.by == 'SYSTEM' && it.dryRun == true }
        real.collect { [it.action, it.user, it.name] } == [['settings', null, null], ['create-user', 'new-robot', null],
                                                           ['create', 'new-robot', 'x'], ['create', 'old-timer', 'modern'],
                                                           ['revoke', 'old-timer', 'Legacy Token'], ['seed', 'svc-ci', 'deploy']]
        real.every { it.by == 'SYSTEM' && it.dryRun == false && it.uuid ==~ /[0-9a-f-]{36}/ || it.action in ['settings', 'create-user'] }
        real[0].subMap(['setting', 'from', 'to']) == [setting: 'tokenGenerationOnCreation', from: true, to: false]
        !audit.text.contains(KNOWN.substring(2))
        !(audit.text =~ /11[0-9a-f]{32}/)

        cleanup:
        audit?.close()
    }

    def 'the lifetime policy refuses the entry that breaks it, naming it; a policy that cannot be read provisions nothing'() {
        when:
        boot([policy: [maxLifetimeDays: 30, requireExpiry: true],
              tokens: [[user: 'svc-ci', name: 'forever', generate: true],
                       [user: 'svc-ci', name: 'monthly', generate: true, expires: '30']]])

        then:
        tokens('svc-ci').tokenList*.name == ['monthly']
        log.contains('WARNING: api-token-kit: svc-ci/forever: the lifetime policy (requireExpiry=true, maxLifetimeDays=30) refuses a token ' +
                'that never expires: give expires, at most 30 days from today; this entry was skipped, the others were applied')

        when:
        boot([policy: [maxLifetimeDays: '30'], tokens: [[user: 'svc-deploy', name: 'x', generate: true]]])

        then:
        tokens('svc-deploy').tokenList.empty
        log.contains('"policy" must be an object like {"maxLifetimeDays": 90, "requireExpiry": true}; no token was provisioned')
    }

    def 'revokeUnlisted makes the file the desired state of its name scope, over restarts, with a dry run first'() {
        given:
        tokens('svc-ci').generateNewToken('ci-by-hand')
        tokens('svc-ci').generateNewToken('laptop')
        Map both = [revokeUnlisted: [namePrefix: 'ci-'],
                    tokens        : [[user: 'svc-ci', name: 'ci-a', generate: true], [user: 'svc-ci', name: 'ci-b', generate: true]]]

        when: 'a dry run says what it would revoke, and revokes nothing'
        boot(both, [dryRun: true])

        then:
        log.contains("api-token-kit: svc-ci: would revoke 1 unlisted token named 'ci-'...")
        tokens('svc-ci').tokenList*.name.sort() == ['ci-by-hand', 'laptop']

        when: 'the first boot: the listed tokens made, the unlisted one of the scope revoked, another name untouched'
        boot(both)

        then:
        tokens('svc-ci').tokenList*.name.sort() == ['ci-a', 'ci-b', 'laptop']

        when: 'an entry removed from the file: its token is revoked at the next boot'
        j.restart()
        boot([revokeUnlisted: [namePrefix: 'ci-'], tokens: [[user: 'svc-ci', name: 'ci-a', generate: true]]])

        then:
        tokens('svc-ci').tokenList*.name.sort() == ['ci-a', 'laptop']
        log.contains("api-token-kit: svc-ci: revoked 1 unlisted token named 'ci-'...")

        when: 'an entry with a problem: nothing is revoked as unlisted, lest its token be taken for one'
        tokens('svc-ci').generateNewToken('ci-c')
        boot([revokeUnlisted: [namePrefix: 'ci-'], tokens: [[user: 'svc-ci', name: 'ci-a', generate: true], [user: 'svc-ci', name: 'ci-c', generate: 'yes']]])

        then:
        tokens('svc-ci').tokenList*.name.sort() == ['ci-a', 'ci-c', 'laptop']
        log.contains('revokeUnlisted skipped: with a problem above')
    }

    def 'revokeUnlisted lists by the user an id resolves to; a token in grace counts by the name it had'() {
        given:
        String kept = 'ci-a [in grace until 2099-01-01, replaced by 00000000-0000-0000-0000-000000000000]'
        tokens('svc-ci').generateNewToken(kept)
        tokens('svc-ci').generateNewToken('ci-old [in grace until 2099-01-01, replaced by 00000000-0000-0000-0000-000000000000]')

        when:
        boot([revokeUnlisted: [namePrefix: 'ci-'],
              tokens        : [[user: 'svc-ci', name: 'ci-a', generate: true], [user: 'SVC-CI', name: 'ci-b', generate: true]]])

        then: 'ci-a and ci-b, listed under two spellings of one user, stay; the old ci-a in grace is prune\'s; the old ci-old goes'
        tokens('svc-ci').tokenList*.name.sort() == ['ci-a', kept, 'ci-b']
        log.contains("api-token-kit: svc-ci: revoked 1 unlisted token named 'ci-'...")
    }

    @Unroll
    def 'revokeUnlisted with #why is refused: nothing is revoked as unlisted'() {
        given:
        tokens('svc-ci').generateNewToken('other')

        when:
        boot([revokeUnlisted: scope, tokens: [[user: 'svc-ci', name: 'listed', generate: true]]])

        then:
        tokens('svc-ci').tokenList*.name.sort() == ['listed', 'other']
        log.contains('"revokeUnlisted" must be an object like {"namePrefix": "managed-"} with a prefix that is not blank; no unlisted token is revoked')

        where:
        why                   | scope
        'an empty prefix'     | [namePrefix: '']
        'a blank prefix'      | [namePrefix: '  ']
        'no prefix'           | [:]
        'not an object'       | true
    }

    def 'a user known only in memory at boot (as JCasC defines them) is provisioned too'() {
        given:
        User.getById('casc-user', true)

        when:
        boot([tokens: [[user: 'casc-user', name: 'x', valueFile: new File(secrets, 'svc-ci').path]]])

        then:
        authenticates('casc-user', KNOWN)
    }

    def 'pasted into the Script Console it applies the file now, as the caller'() {
        given:
        new File(j.jenkins.rootDir, 'api-tokens.json').text = JsonOutput.toJson(goodConfig())
        CapturedLog captured = new CapturedLog('api-token-kit')

        when:
        String output = JenkinsSide.console(new File('init.groovy.d', SCRIPT).getText('UTF-8'), hudson.security.ACL.SYSTEM2)

        then:
        output == ''
        authenticates('svc-ci', KNOWN)
        captured.text.contains('2 entries, 2 changes')

        cleanup:
        captured?.close()
    }

    private void boot(Map config, Map bindingVariables = [:]) {
        new File(j.jenkins.rootDir, 'api-tokens.json').text = JsonOutput.toJson(config)
        bootFile(bindingVariables)
    }

    /**
     * The init hook of one start running the script, capturing its log and the process output. The script sits in an
     * init.groovy.d of its own, not $JENKINS_HOME's: core runs that one at every start, j.restart() included, and each
     * boot here is to be the one a spec looks at.
     */
    private void bootFile(Map bindingVariables = [:]) {
        File hookHome = Files.createTempDirectory('hook').toFile()
        File folder = new File(hookHome, 'init.groovy.d')
        folder.mkdirs()
        new File(folder, SCRIPT).text = new File('init.groovy.d', SCRIPT).getText('UTF-8')
        CapturedLog captured = new CapturedLog('api-token-kit')
        PrintStream original = System.out
        ByteArrayOutputStream out = new ByteArrayOutputStream()
        System.out = new PrintStream(out, true, 'UTF-8')
        try {
            JenkinsSide.boot(hookHome, bindingVariables)
        } finally {
            System.out = original
            captured.close()
            hookHome.deleteDir()
        }
        log = captured.records.collect { "${it.level}: ${it.message}" }.join('\n')
        stdout = out.toString('UTF-8')
    }

    private ApiTokenProperty tokens(String user) {
        User.getById(user, false).getProperty(ApiTokenProperty)
    }

    private boolean authenticates(String user, String value) {
        tokens(user).tokenStore.findMatchingToken(value) != null
    }

    private List<String> uuids(String user) {
        tokens(user).tokenList*.uuid
    }

    private static String mode(File file) {
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.toPath()))
    }

    /**
     * Every file of what the file provisions, with its content: the users (their tokens), the generated values and the
     * token settings. (Core itself writes other files under JENKINS_HOME at every start: logs, node monitors, ...)
     */
    private Map<String, String> snapshot() {
        Map<String, String> files = [:]
        File home = j.jenkins.rootDir
        [new File(home, 'users'), new File(home, 'secrets/api-tokens')].findAll { it.directory }*.eachFileRecurse { File f ->
            if (f.file) {
                files[f.path - home.path] = f.text
            }
        }
        File settings = new File(home, 'jenkins.security.apitoken.ApiTokenPropertyConfiguration.xml')
        if (settings.file) {
            files[settings.name] = settings.text
        }
        return files
    }
}
