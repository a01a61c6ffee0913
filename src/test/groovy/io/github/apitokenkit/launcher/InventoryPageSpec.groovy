package io.github.apitokenkit.launcher

import com.sun.net.httpserver.HttpServer
import groovy.json.JsonSlurper
import hudson.model.User
import io.github.apitokenkit.conventions.HostileValuesSpec
import io.github.apitokenkit.support.HeadlessChromium
import io.github.apitokenkit.support.HttpSpecification
import io.github.apitokenkit.support.SandboxProcess
import io.github.apitokenkit.support.TokenAges
import org.junit.Rule
import org.junit.rules.TemporaryFolder
import spock.lang.Shared

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermission
import java.time.LocalDate
import java.util.concurrent.atomic.AtomicInteger

/**
 * The inventory page of audit-api-tokens --report, opened in Debian's headless chromium and read from its DOM: a
 * controller with tokens named after every value of the kit's hostile corpus and markup meant to run script or reach
 * the network, 150 more tokens (two pages), and a controller that is down. Every token is on the page with its
 * findings; sorting, filtering and paging work; every name is text; no script of a name ran; no request left the page.
 */
class InventoryPageSpec extends HttpSpecification {
    @Shared HeadlessChromium browser = HeadlessChromium.start()
    @Rule TemporaryFolder folder = new TemporaryFolder()
    /** Anything that reaches it is a request the page should never have made. */
    @Shared HttpServer probe
    @Shared AtomicInteger probed = new AtomicInteger()
    /** Markup a name could smuggle in: each would set window.pwned, or ask the probe, if it ever became markup. */
    @Shared Map<String, String> markup
    /** The fleet's page and what the two scripts said, made once, on the first feature's controller (see setup). */
    @Shared File made
    @Shared String adminToken
    @Shared File page
    @Shared List<Map> listed
    @Shared List<Map> findings
    @Shared String auditJson
    @Shared int exit

    def setupSpec() {
        probe = HttpServer.create(new InetSocketAddress(InetAddress.getByName('127.0.0.1'), 0), 10)
        probe.createContext('/') { exchange ->
            probed.incrementAndGet()
            exchange.sendResponseHeaders(204, -1)
            exchange.close()
        }
        probe.start()
        String at = "http://127.0.0.1:${probe.address.port}"
        markup = [
                'an image with onerror'     : "<img src=x onerror=\"window.pwned=1;fetch('${at}/onerror')\">",
                'a script element'          : "<script>window.pwned=1;fetch('${at}/script')</script>",
                'the end of the data'       : "</script><script>window.pwned=1</script>",
                'an attribute break'        : "\"><svg onload=\"window.pwned=1\">",
                'a javascript: URL'         : 'javascript:window.pwned=1',
                'a link'                    : '<a href="javascript:window.pwned=1">click</a>',
                'a probe image'             : "<img src=\"${at}/img\">",
                'a style import'            : "<style>@import url(\"${at}/css\");</style>",
                'an iframe'                 : "<iframe src=\"${at}/frame\"></iframe>",
                'a comment opener'          : '<!-- <script>',
                'an entity'                 : '&lt;b&gt; &amp;',
                'the page\'s placeholders'  : '__NONCE__ __DATA__',
                'a U+2028 in script'        : "';\u2028window.pwned=1//",
        ].collectEntries { k, v -> [(k): v.toString()] }
    }

    def cleanupSpec() {
        probe?.stop(0)
        browser?.close()
        made?.deleteDir()
    }

    /** Each feature opens the same page afresh; it is made on the first feature's controller, which no feature changes. */
    def setup() {
        if (page == null) {
            makePage()
        }
        browser.requests.clear()
        browser.open(page)
    }

    private void makePage() {
        made = Files.createTempDirectory('inventory-page').toFile()
        adminToken = newToken('admin', 'launcher')
        // alice: one token per hostile value, of every age, some never used, some expiring; bob: a legacy-free few;
        // svc-bulk: 150 more, so the table has two pages.
        Map<String, String> names = HostileValuesSpec.CORPUS + markup
        names.eachWithIndex { String why, String name, int i ->
            String uuid = (i % 3 == 0 ? tokens('alice').generateNewToken(name) : tokens('alice').generateNewToken(name, LocalDate.now().plusDays(i * 7 - 40))).tokenUuid
            TokenAges.created(tokens('alice'), uuid, i * 11)
            if (i % 4 != 0) {
                TokenAges.lastUsed(tokens('alice'), uuid, i * 5)
            }
        }
        ['deploy', 'ci', 'backup'].eachWithIndex { String name, int i ->
            String uuid = tokens('bob').generateNewToken(name, LocalDate.now().plusDays(30 + i)).tokenUuid
            TokenAges.created(tokens('bob'), uuid, 400 + i)
        }
        User.getById('svc-bulk', true).save()
        150.times { int i ->
            String uuid = tokens('svc-bulk').generateNewToken("bulk-${i}", LocalDate.now().plusDays(10 + i)).tokenUuid
            TokenAges.created(tokens('svc-bulk'), uuid, (i * 37) % 900)
        }
        // A policy, so some tokens are critical findings.
        File policy = new File(made, 'policy.json')
        policy.text = '{"requireExpiry": true, "maxLifetimeDays": 365}'
        String down = "http://127.0.0.1:${SandboxProcess.freePort()}/jenkins/"
        File inventory = new File(made, 'inventory.html')
        // As admin by password: the calls use no token, so the listing asked after the page has the same use counts.
        Map env = [JENKINS_USER_ID: 'admin', JENKINS_API_TOKEN: 'admin']
        exit = launch(env, ['--url', url.toString(), '--url', down, '--policy', policy.path, 'audit-api-tokens', '--report', inventory.path])
        // What the two scripts say, asked apart from the page, to hold it to.
        launch(env, ['--url', url.toString(), '--json', 'list-api-tokens'])
        listed = new JsonSlurper().parseText(stdout).result.tokens as List<Map>
        launch(env, ['--url', url.toString(), '--json', '--policy', policy.path, 'audit-api-tokens'])
        auditJson = stdout
        findings = new JsonSlurper().parseText(auditJson).result.findings as List<Map>
        page = inventory
    }

    String stdout

    int launch(Map env, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream()
        int code = Main.run(args as String[], new PrintStream(out, true, 'UTF-8'), new PrintStream(new ByteArrayOutputStream(), true, 'UTF-8'), env, null)
        stdout = out.toString('UTF-8')
        return code
    }

    /** The rows of the stand-in's table, every page of it from the first, as the page shows them. */
    List<Map> rows() {
        browser.evaluate("(function (p) { while (!p.disabled) { p.click(); } })(document.querySelector('#controller-0 .previous'))")
        List<Map> rows = []
        while (true) {
            rows.addAll(browser.evaluate('''Array.prototype.map.call(document.querySelectorAll('#controller-0 table.tokens tbody tr'), function (tr) {
                var c = tr.cells;
                function whole(td) { return td.firstChild && td.firstChild.title ? td.firstChild.title : td.textContent; }
                return { owner: whole(c[0]), name: whole(c[1]), uuid: c[2].title, created: c[3].textContent, lastUsed: c[4].textContent,
                         uses: c[5].textContent, expires: c[6].textContent, legacy: c[7].textContent,
                         findings: Array.prototype.map.call(c[8].querySelectorAll('li'), function (li) { return li.dataset.kind; }) };
            })''') as List<Map>)
            if (browser.evaluate("document.querySelector('#controller-0 .next').disabled")) {
                return rows
            }
            browser.evaluate("document.querySelector('#controller-0 .next').click()")
        }
    }

    void sortBy(String column) {
        browser.evaluate("document.querySelector('#controller-0 th[data-column=${column}] button').click()")
    }

    void filter(String id, String value) {
        browser.evaluate("(function (e) { e.value = ${groovy.json.JsonOutput.toJson(value)}; e.dispatchEvent(new Event(e.tagName === 'SELECT' ? 'change' : 'input')); })(document.getElementById('${id}'))")
    }

    /** The rows that do not show their token as list-api-tokens has it, each beside the token. */
    List mismatches(List<Map> rows) {
        rows.findAll { Map row ->
            Map token = listed.find { it.uuid == row.uuid }
            // The spec reads the listing through a UTF-8 PrintStream, which writes a lone surrogate as '?'.
            !(row.owner == token.user && row.name.replace('\\uD800', '?') == Text.shown(token.name) && row.created == token.created.substring(0, 10) &&
                    row.lastUsed == (token.lastUsed ? token.lastUsed.substring(0, 10) : 'never') && row.uses == String.valueOf(token.useCount) &&
                    row.expires == (token.expires ?: 'never') && row.legacy == (token.legacy ? 'legacy' : ''))
        }.collect { Map row -> [row, listed.find { it.uuid == row.uuid }] }
    }

    Map<String, List<String>> kindsByUuid() {
        findings.findAll { it.uuid }.groupBy { it.uuid }.collectEntries { uuid, of -> [(uuid): of*.kind.sort()] }
    }

    def 'every token is on the page, with its owner, name, dates and findings; the failed controller says why'() {
        when:
        List<Map> rows = rows()

        then: 'the call went through on the stand-in and failed on the controller that is down'
        exit == 5
        browser.evaluate('window.reportReady') == true

        and: 'one row per token, each as list-api-tokens has it'
        rows.size() == listed.size()
        listed.size() == HostileValuesSpec.CORPUS.size() + markup.size() + 3 + 150 + 1
        rows*.uuid.sort() == listed*.uuid.sort()
        mismatches(rows) == []

        and: 'with the findings the audit reports about it, each shown by its kind'
        Map<String, List<String>> expected = kindsByUuid()
        rows.findAll { it.findings.sort() != (expected[it.uuid] ?: []) } == []
        findings.count { it.severity == 'critical' } > 0

        and: 'the summary counts them, and the controller that is down is there with its reason'
        browser.evaluate("document.querySelector('#count-tokens b').textContent") == String.format('%,d', listed.size())
        browser.evaluate("document.querySelector('#count-failed b').textContent") == '1'
        browser.evaluate("document.querySelector('#count-critical b').textContent") == String.valueOf(findings.count { it.severity == 'critical' })
        (browser.evaluate("document.querySelector('#controller-1 .failed').textContent") as String).startsWith('Failed: connection refused by 127.0.0.1:')
        browser.evaluate("document.getElementById('policy').textContent") == 'Lifetime policy: maxLifetimeDays=365, requireExpiry=true.'
        browser.evaluate("document.querySelectorAll('#charts svg').length") == 3
    }

    def 'hostile names are text: none of them became markup, ran script or made a request'() {
        given:
        List<Map> rows = rows()

        expect: 'each name shows as itself, its unprintable characters as \\uXXXX'
        (HostileValuesSpec.CORPUS.values() + markup.values()).every { String name -> rows.any { it.name == Text.shown(name) } }
        rows.find { it.name.startsWith('<img src=x onerror=') }.name == markup['an image with onerror']

        and: 'the page holds only its own elements: no image, script, frame, link, style or object came from a name'
        browser.evaluate("document.querySelectorAll('main img, main script, main iframe, main a, main svg, main style, main object, main embed').length") == 0
        browser.evaluate("document.querySelectorAll('script[nonce]').length") == 1
        browser.evaluate("Array.prototype.map.call(document.scripts, function (s) { return s.type + ' ' + s.id; }).join()") ==
                'application/json data,application/json tokens-0, '
        browser.evaluate("document.querySelectorAll('style').length") == 1

        and: 'no script of a name ran, and nothing was asked of the network'
        browser.evaluate('typeof window.pwned') == 'undefined'
        probed.get() == 0
        browser.requests*.url == [page.toURI().toString().replace('file:/', 'file:///')]
    }

    /**
     * Alone on its page: in the data element, a "<!--" followed by "<script" before it would make the parser skip a
     * "</script>" (the script data double-escaped state), so among the corpus one hostile name can hide another.
     */
    def 'a name that would end the data element, alone on its page, is only a name'() {
        given:
        List<String> names = ['</script><script>window.pwned=1</script>', '</SCRIPT ><img src=x onerror="window.pwned=1">', '<!--', '-->']

        expect:
        names.every { String name ->
            File saved = folder.newFile()
            saved.text = groovy.json.JsonOutput.toJson([url: 'https://ci.example.com/', ok: true, exitCode: 0, changed: false, error: null,
                    result: [changed: false, statisticsEnabled: true, tokens: [[user: 'alice', name: name, uuid: '0b2d7a34-5d2e-4a8e-9f3e-1c2b3a4d5e6f',
                            created: '2026-01-02T03:04:05Z', lastUsed: null, useCount: 0, legacy: false, expires: null]]]]) + '\n'
            File alone = new File(folder.root, "alone-${names.indexOf(name)}.html")
            launch([:], ['report', saved.path, '--output', alone.path]) == 0 && open(alone) &&
                    browser.evaluate('window.reportReady') == true &&
                    browser.evaluate("document.querySelector('#controller-0 td.name').textContent") == name &&
                    browser.evaluate('typeof window.pwned') == 'undefined'
        }
    }

    def 'above 20,000 tokens the tables start closed: the summary is there at once, a table is parsed when opened'() {
        given: 'two controllers of 10,001 tokens each, saved as list-api-tokens --json lines'
        File saved = folder.newFile('big.jsonl')
        saved.withWriter('UTF-8') { Writer out ->
            (1..2).each { int c ->
                List<Map> tokens = (0..10000).collect { int i ->
                    [user: "user-${i % 700}".toString(), name: "t-${i}".toString(), uuid: String.format('00000000-0000-4000-8000-%06d%06d', c, i),
                     created: '2026-01-02T03:04:05Z', lastUsed: null, useCount: 0, legacy: false, expires: i == 4242 ? '2027-01-31' : null]
                }
                out << groovy.json.JsonOutput.toJson([url: "https://ci-${c}.example.com/".toString(), ok: true, exitCode: 0, changed: false, error: null,
                                                      result: [changed: false, statisticsEnabled: true, tokens: tokens]]) << '\n'
            }
        }
        File big = new File(folder.root, 'big.html')

        when:
        launch([:], ['report', saved.path, '--output', big.path])
        open(big)

        then: 'the counts without a table'
        browser.evaluate('window.reportReady') == true
        browser.evaluate("document.querySelector('#count-tokens b').textContent") == '20,002'
        browser.evaluate("document.querySelector('#count-users-with-tokens b').textContent") == '1,400'
        browser.evaluate("document.querySelectorAll('table.tokens').length") == 0
        browser.evaluate("document.getElementById('shown').textContent") == '0 tokens shown of 20,002 (open a controller to see its tokens)'

        when: 'the second controller is opened, then filtered'
        browser.evaluate("(function (d) { d.open = true; d.dispatchEvent(new Event('toggle')); })(document.getElementById('controller-1'))")
        int firstPage = browser.evaluate("document.querySelectorAll('#controller-1 table.tokens tbody tr').length") as int
        filter('text', '000002004242')
        List<Map> found = browser.evaluate('''Array.prototype.map.call(document.querySelectorAll('#controller-1 tbody tr'),
                function (tr) { return { name: tr.cells[1].textContent, expires: tr.cells[6].textContent }; })''') as List<Map>

        then: 'only it is parsed and shown, a page of it, and the filter finds its one token'
        browser.evaluate("document.querySelectorAll('table.tokens').length") == 1
        firstPage == 100
        found == [[name: 't-4242', expires: '2027-01-31']]
        browser.evaluate("document.getElementById('shown').textContent") == '1 token shown of 20,002 (open a controller to see its tokens)'
    }

    boolean open(File file) {
        browser.open(file)
        return true
    }

    def 'sorting by a column orders every page by it; a second click reverses it; unknown values stay last'() {
        given:
        List<String> created = listed*.created*.substring(0, 10).sort()

        when:
        sortBy('created')
        List<Map> ascending = rows()
        sortBy('created')
        List<Map> descending = rows()
        sortBy('owner')
        List<Map> byOwner = rows()

        then:
        ascending*.created == created
        descending*.created == created.reverse()
        byOwner*.owner == listed*.user.sort()
        browser.evaluate("document.querySelector('#controller-0 th[data-column=owner]').getAttribute('aria-sort')") == 'ascending'
        browser.evaluate("document.querySelector('#controller-0 th[data-column=created]').getAttribute('aria-sort')") == null
    }

    def 'filters: by severity, by owner and by free text, over every page'() {
        given:
        Set<String> critical = findings.findAll { it.severity == 'critical' }*.uuid as Set
        Set<String> warningOrWorse = findings.findAll { it.severity in ['warning', 'critical'] }*.uuid as Set
        String one = listed.find { it.user == 'svc-bulk' }.uuid

        when:
        filter('severity', 'critical')
        List<Map> criticalRows = rows()
        filter('severity', 'warning')
        List<Map> warningRows = rows()
        filter('severity', 'none')
        List<Map> clean = rows()
        filter('severity', '')
        filter('owner', 'BOB')
        List<Map> bobs = rows()
        filter('owner', '')
        filter('text', one.toUpperCase())
        List<Map> found = rows()
        filter('text', 'window.pwned')
        List<Map> pwnedNames = rows()
        filter('text', '')
        List<Map> all = rows()

        then:
        !critical.empty
        criticalRows*.uuid as Set == critical
        warningRows*.uuid as Set == warningOrWorse
        clean*.uuid as Set == (listed*.uuid as Set) - (findings*.uuid as Set)
        bobs*.name.sort() == ['backup', 'ci', 'deploy']
        found*.uuid == [one]
        pwnedNames*.name as Set == (markup.values().findAll { it.contains('window.pwned') }.collect { Text.shown(it) } as Set)
        all.size() == listed.size()
        browser.evaluate("document.getElementById('shown').textContent") == "${String.format('%,d', listed.size())} tokens shown of ${String.format('%,d', listed.size())}".toString()
    }

    def 'the page is one file, written 0600, with a nonce of its own in a policy that forbids every outside request'() {
        given:
        File saved = folder.newFile('audit.jsonl')
        saved.text = auditJson
        File again = new File(folder.root, 'again.html')

        when:
        int rendered = launch([:], ['report', saved.path, '--output', again.path])
        String html = page.getText('UTF-8')
        String nonce = (html =~ /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-([A-Za-z0-9+\/]{24})'; style-src 'nonce-\1'; img-src data:; base-uri 'none'; form-action 'none'">/)[0][1]
        String outsideTheData = html.replaceAll(/(?s)<script type="application\/json" id="(data|tokens-\d+)">.*?<\/script>/, '')

        then:
        Files.getPosixFilePermissions(page.toPath()) == [PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE] as Set
        html.count("nonce=\"${nonce}\"") == 2
        outsideTheData.findAll(/https?:[^\s'"]*/) == ['http://www.w3.org/2000/svg']
        !(outsideTheData =~ /(?i)<(link|img|iframe|object|embed|base)\b/).find()
        !html.contains(adminToken)

        and: 'another file, another nonce'
        rendered == 0
        Files.getPosixFilePermissions(again.toPath()) == [PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE] as Set
        !again.getText('UTF-8').contains(nonce)
    }
}
