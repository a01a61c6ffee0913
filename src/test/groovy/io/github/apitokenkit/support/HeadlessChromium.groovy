package io.github.apitokenkit.support

import groovy.json.JsonOutput
import groovy.json.JsonSlurper

import java.net.http.HttpClient
import java.net.http.WebSocket
import java.nio.ByteBuffer
import java.nio.file.Files
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * Debian's chromium, headless, driven over the DevTools protocol (a WebSocket, java.net.http): open a page, wait for
 * an event, evaluate script in it, and see every request the page asked for (Network.requestWillBeSent). Started with
 * a fresh profile and the flags that keep it from reaching for the network on its own; every wait has a deadline,
 * none is a sleep: the DevTools address is read from chromium's own output, events and answers from the socket.
 */
class HeadlessChromium implements Closeable {
    static final String BINARY = '/usr/bin/chromium'
    static final List<String> FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                                       '--disable-background-networking', '--disable-component-update', '--disable-sync']
    /** Every wait's limit; bin/bench-report raises it (-Dchromium.deadline=SECONDS) for a page of hundreds of megabytes. */
    static final long DEADLINE_SECONDS = Long.getLong('chromium.deadline', 60L)

    final Process process
    final File profile
    final List<Map> requests = new CopyOnWriteArrayList<>()
    private final WebSocket socket
    private final AtomicInteger ids = new AtomicInteger()
    private final Map<Integer, CompletableFuture<Map>> answers = new ConcurrentHashMap<>()
    private final LinkedBlockingQueue<Map> events = new LinkedBlockingQueue<>()
    private String session

    private HeadlessChromium(Process process, File profile, String address) {
        this.process = process
        this.profile = profile
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(address), new Listener(this))
                .get(DEADLINE_SECONDS, TimeUnit.SECONDS)
    }

    /** A browser with one blank page attached, its network and page events on. */
    static HeadlessChromium start() {
        File profile = Files.createTempDirectory('chromium-profile').toFile()
        Process process = new ProcessBuilder([BINARY] + FLAGS + ["--user-data-dir=${profile}".toString(), '--remote-debugging-port=0', 'about:blank'])
                .redirectErrorStream(true).start()
        // A JVM stopped before close() (a deadline, ^C) takes its browser along.
        Runtime.runtime.addShutdownHook(new Thread({ process.destroyForcibly() } as Runnable))
        // Its output is read to the end (a full pipe would stop it); the DevTools address is its "listening on" line.
        CompletableFuture<String> address = new CompletableFuture<>()
        StringBuffer output = new StringBuffer()
        Thread.start('chromium output') {
            process.inputStream.eachLine('UTF-8') { String line ->
                output.append(line).append('\n')
                def listening = line =~ /DevTools listening on (ws:\S+)/
                if (listening.find()) {
                    address.complete(listening.group(1))
                }
            }
            address.complete(null)
        }
        String ws = address.get(DEADLINE_SECONDS, TimeUnit.SECONDS)
        if (ws == null) {
            profile.deleteDir()
            throw new IllegalStateException("chromium ended without a DevTools address:\n${output}")
        }
        HeadlessChromium browser = new HeadlessChromium(process, profile, ws)
        String target = browser.send('Target.createTarget', [url: 'about:blank']).targetId
        browser.session = browser.send('Target.attachToTarget', [targetId: target, flatten: true]).sessionId
        browser.send('Page.enable')
        browser.send('Network.enable')
        return browser
    }

    /** Opens the page and returns once its load event fired: its inline script has run by then. */
    void open(File page) {
        events.clear()
        send('Page.navigate', [url: page.toURI().toString()])
        await('Page.loadEventFired')
    }

    /** The value of a script expression in the page, a promise awaited; its exception as a failure. */
    def evaluate(String expression) {
        Map answer = send('Runtime.evaluate', [expression: expression, returnByValue: true, awaitPromise: true])
        if (answer.exceptionDetails) {
            throw new IllegalStateException("the page's script failed: ${answer.exceptionDetails}")
        }
        return answer.result.value
    }

    Map send(String method, Map params = [:]) {
        int id = ids.incrementAndGet()
        CompletableFuture<Map> answer = new CompletableFuture<>()
        answers[id] = answer
        Map message = [id: id, method: method, params: params]
        if (session != null) {
            message.sessionId = session
        }
        socket.sendText(JsonOutput.toJson(message), true).get(DEADLINE_SECONDS, TimeUnit.SECONDS)
        Map reply = answer.get(DEADLINE_SECONDS, TimeUnit.SECONDS)
        if (reply.error) {
            throw new IllegalStateException("${method}: ${reply.error}")
        }
        return reply.result as Map
    }

    Map await(String method) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS)
        while (true) {
            Map event = events.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS)
            if (event == null) {
                throw new IllegalStateException("no ${method} within ${DEADLINE_SECONDS} s")
            }
            if (event.method == method) {
                return event
            }
        }
    }

    private void received(String text) {
        Map message = new JsonSlurper().parseText(text) as Map
        if (message.id != null) {
            answers.remove(message.id as Integer)?.complete(message)
        } else {
            if (message.method == 'Network.requestWillBeSent') {
                requests << (message.params.request as Map)
            }
            events.put(message)
        }
    }

    @Override
    void close() {
        try {
            socket?.abort()
        } finally {
            process.destroy()
            if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor()
            }
            profile.deleteDir()
        }
    }

    /** A message may come in parts: they are joined, then handed to the browser object. */
    private static class Listener implements WebSocket.Listener {
        private final HeadlessChromium browser
        private StringBuilder parts = new StringBuilder()

        Listener(HeadlessChromium browser) {
            this.browser = browser
        }

        @Override
        void onOpen(WebSocket webSocket) {
            webSocket.request(1)
        }

        @Override
        CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data)
            if (last) {
                String message = parts.toString()
                // A new one, not setLength(0): Groovy 2.4 cannot call that AbstractStringBuilder member without --add-opens.
                parts = new StringBuilder()
                try {
                    browser.received(message)
                } catch (Throwable failure) {
                    // Whoever waits for an answer learns why none will come, instead of waiting out the deadline.
                    browser.answers.values()*.completeExceptionally(failure)
                    throw failure
                }
            }
            webSocket.request(1)
            return null
        }

        @Override
        CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1)
            return null
        }

        @Override
        CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1)
            return null
        }

        @Override
        CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1)
            return null
        }

        @Override
        CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            return null
        }

        @Override
        void onError(WebSocket webSocket, Throwable error) {
            browser.answers.values()*.completeExceptionally(error)
        }
    }
}
