package io.github.apitokenkit.launcher

import groovy.json.JsonOutput
import org.junit.Rule
import org.junit.rules.TemporaryFolder
import spock.lang.Specification
import spock.lang.Unroll

/**
 * The report command on bad input: one line naming the file (and line) and what to give instead, exit code 2, and
 * the page it would have written left exactly as it was, with nothing beside it. The page itself is read by a
 * browser in InventoryPageSpec.
 */
class ReportCommandSpec extends Specification {
    @Rule TemporaryFolder folder = new TemporaryFolder()
    LauncherRunner runner = new LauncherRunner()

    static String auditLine(Map result) {
        JsonOutput.toJson([url: 'https://ci.example.com/', ok: true, exitCode: 0, changed: false, result: result, error: null])
    }

    @Unroll
    def 'refused in one line, the page left as it was: #why'() {
        given:
        File page = folder.newFile('inventory.html')
        page.text = 'the page of yesterday'
        File input = new File(folder.root, 'latest.jsonl')
        if (content instanceof byte[]) {
            input.bytes = content
        } else if (content != null) {
            input.setText(content, 'UTF-8')
        }

        when:
        int exit = runner.launch([:], ['report', input.path, '--output', page.path])

        then:
        exit == 2
        runner.stdout() == ''
        runner.stderr().readLines().size() == 1
        runner.stderr().startsWith('api-token-kit: report')
        runner.stderr().contains(message.replace('FILE', "'${input.path}'"))
        page.text == 'the page of yesterday'
        folder.root.list().sort() == (content == null ? ['inventory.html'] : ['inventory.html', 'latest.jsonl'])

        where:
        why                                   | content                                                                        || message
        'no such file'                        | null                                                                           || 'the file FILE does not exist'
        'an empty file'                       | ''                                                                             || 'FILE holds no result'
        'not JSON'                            | 'Findings: none\n'                                                             || 'FILE line 1 is not JSON'
        'a line cut short'                    | auditLine([findings: [], changed: false]).substring(0, 40) + '\n'              || 'FILE line 1 is not JSON'
        'not UTF-8'                           | [0x7b, 0xff, 0xfe, 0x7d, 0x0a] as byte[]                                       || 'FILE is not UTF-8 text'
        'the result of another script'        | auditLine([user: 'svc', name: 'ci', uuid: 'u', value: '<secret>', changed: true]) || 'FILE line 1 is not a controller\'s result of audit-api-tokens or list-api-tokens'
        'a refused call (no url)'             | JsonOutput.toJson([url: null, ok: false, exitCode: 2, result: null, error: 'no Jenkins URL']) || 'FILE line 1 is not a controller\'s result'
        'a finding without a severity'        | auditLine([findings: [[user: 'a', name: 'b', uuid: 'c', kind: 'unused']], changed: false]) || 'FILE line 1 holds a finding without a kind and severity'
        'a token without a uuid'              | auditLine([tokens: [[user: 'a', name: 'b']], changed: false])                 || 'FILE line 1 holds a token without a user and uuid'
        'a date that is not one'              | auditLine([tokens: [[user: 'a', name: 'b', uuid: 'c', created: 'yesterday']], changed: false]) || 'FILE line 1 holds \'yesterday\' where a date belongs'
        'a good line, then a bad one'         | auditLine([findings: [], changed: false]) + '\n[1, 2]\n'                     || 'FILE line 2 is not a controller\'s result'
    }

    @Unroll
    def 'refused before anything is read or asked: #why'() {
        given:
        File input = folder.newFile('latest.jsonl')
        input.text = auditLine([findings: [], changed: false]) + '\n'
        folder.newFolder('a-folder')

        when:
        int exit = runner.launch([:], args.collect { it.replace('IN', input.path).replace('DIR', folder.root.path) })

        then:
        exit == 2
        runner.stderr().readLines() == ["api-token-kit: ${message.replace('DIR', folder.root.path)}".toString()]
        folder.root.list().sort() == ['a-folder', 'latest.jsonl']

        where:
        why                        | args                                                                  || message
        'no --output'              | ['report', 'IN']                                                      || 'report writes an HTML file: report FILE.jsonl [FILE.jsonl ...] --output FILE.html'
        'no file'                  | ['report', '--output', 'DIR/page.html']                               || 'report takes the --json output of audit-api-tokens (and of list-api-tokens for every token): report FILE.jsonl [FILE.jsonl ...] --output FILE.html'
        '--output is a folder'     | ['report', 'IN', '--output', 'DIR/a-folder']                          || "--output 'DIR/a-folder' is a folder: give the path of a regular file (it was left as it is)"
        'a parameter'              | ['report', 'IN', 'user=alice', '--output', 'DIR/page.html']           || "report takes files of --json lines, not parameters like 'user'"
        '--report on another command' | ['--url', 'http://127.0.0.1:9/', 'list-api-tokens', '--report', 'DIR/page.html'] || "--report writes the inventory page of audit-api-tokens, not of 'list-api-tokens': use it with audit-api-tokens, or render saved --json lines with: report FILE.jsonl --output FILE.html"
        '--report into a folder'   | ['--url', 'http://127.0.0.1:9/', 'audit-api-tokens', '--report', 'DIR/a-folder'] || "--report 'DIR/a-folder' is a folder: give the path of a regular file (it was left as it is)"
    }

    def 'lines of both scripts, in two files, make one controller: every token, with its findings'() {
        given:
        File audit = folder.newFile('audit.jsonl')
        audit.text = auditLine([findings: [[user: 'alice', name: 'ci', uuid: 'u-1', kind: 'unused', severity: 'warning', detail: 'last used 2026-01-01'],
                                           [user: null, name: null, uuid: null, kind: 'usage-unknown', severity: 'info', detail: 'off']], changed: false]) + '\n'
        File listing = folder.newFile('tokens.jsonl')
        listing.text = auditLine([statisticsEnabled: true, changed: false, tokens: [
                [user: 'alice', name: 'ci', uuid: 'u-1', created: '2025-01-02T03:04:05Z', lastUsed: '2026-01-01T00:00:00Z', useCount: 4, legacy: false, expires: null],
                [user: 'bob', name: 'deploy', uuid: 'u-2', created: '2026-01-02T03:04:05Z', lastUsed: null, useCount: 0, legacy: true, expires: '2027-01-31']]]) + '\n'
        File page = new File(folder.root, 'page.html')

        when:
        int exit = runner.launch([:], ['report', audit.path, listing.path, '--output', page.path])
        String data = page.text.find(/(?s)<script type="application\/json" id="data">(.*?)<\/script>/) { all, json -> json }
        Map summary = new groovy.json.JsonSlurper().parseText(data).controllers[0] as Map
        Map controller = new groovy.json.JsonSlurper().parseText(page.text.find(/(?s)<script type="application\/json" id="tokens-0">(.*?)<\/script>/) { all, json -> json }) as Map

        then:
        exit == 0
        runner.stderr() == ''
        new groovy.json.JsonSlurper().parseText(data).controllers.size() == 1
        summary.url == 'https://ci.example.com/'
        summary.users == 2
        summary.tokens == 2
        summary.severities == [1, 1, 0]
        summary.general == [[0, 'usage-unknown', 'off']]
        summary.note == null
        controller.owners == ['alice', 'bob']
        controller.uuid == ['u-1', 'u-2']
        controller.created == [(int) java.time.LocalDate.parse('2025-01-02').toEpochDay(), (int) java.time.LocalDate.parse('2026-01-02').toEpochDay()]
        controller.lastUsed == [(int) java.time.LocalDate.parse('2026-01-01').toEpochDay(), null]
        controller.expires == [null, (int) java.time.LocalDate.parse('2027-01-31').toEpochDay()]
        controller.uses == [4, 0]
        controller.legacy == [0, 1]
        controller.known == 1
        controller.table == [[1, 'unused', 'last used 2026-01-01'], [0, 'usage-unknown', 'off']]
        controller.findings == [1, 0]
    }
}
