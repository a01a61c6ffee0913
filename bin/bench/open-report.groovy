// Opens an inventory page in headless chromium (the specs' HeadlessChromium, over the DevTools protocol) and prints,
// as one line of key=value: the time from asking for the page to its load event (the file read, parsed, and the
// page's script run), the page's own figures (data-ready-ms since navigation start, data-render-ms of its script),
// then the time of opening the first controller's table, of a sort by creation date in it, of a free-text filter over every
// table, of paging, and the page's JavaScript heap. Usage (bin/bench-report runs it): groovy open-report.groovy PAGE.html
import io.github.apitokenkit.support.HeadlessChromium

HeadlessChromium browser = HeadlessChromium.start()
try {
    Closure<Long> timed = { Closure step ->
        long start = System.nanoTime()
        step()
        (System.nanoTime() - start).intdiv(1000000L)
    }
    long load = timed { browser.open(new File(args[0])) }
    assert browser.evaluate('window.reportReady') == true
    String readyMs = browser.evaluate('document.documentElement.dataset.readyMs')
    String renderMs = browser.evaluate('document.documentElement.dataset.renderMs')
    // A big fleet's tables start closed: opening the first parses its rows and shows its first page.
    long open = timed { browser.evaluate("(function (d) { d.open = true; d.dispatchEvent(new Event('toggle')); return !!d.querySelector('tbody tr'); })(document.getElementById('controller-0'))") }
    long sort = timed { browser.evaluate("document.querySelector('#controller-0 th[data-column=created] button').click()") }
    long filter = timed { browser.evaluate("(function (e) { e.value = 'user-42'; e.dispatchEvent(new Event('input')); })(document.getElementById('text'))") }
    String shown = browser.evaluate("document.getElementById('shown').textContent")
    long next = timed { browser.evaluate("document.querySelector('#controller-0 .next').click()") }
    def heap = browser.evaluate('performance.memory ? Math.round(performance.memory.usedJSHeapSize / 1048576) : null')
    println "load_ms=${load} ready_ms=${readyMs} script_ms=${renderMs} open_first_controller_ms=${open} sort_ms=${sort} filter_ms=${filter} next_page_ms=${next} js_heap_mb=${heap} filter_shows='${shown}'"
} finally {
    browser.close()
}
