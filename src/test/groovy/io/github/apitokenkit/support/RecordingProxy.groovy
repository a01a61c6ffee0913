package io.github.apitokenkit.support

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer

import java.util.concurrent.CopyOnWriteArrayList

/**
 * A plain HTTP relay on 127.0.0.1 in front of a Jenkins: every request is recorded as it crossed the wire (method,
 * path and query, Authorization, body as sent), then forwarded, and the answer relayed back, status, headers and body.
 * What specs read to prove what a client sent, and what it never sent. {@link #intercept} lets a spec answer a
 * request itself instead (a status and a text), or cut the connection as a failing network does: before the request
 * reaches Jenkins, after Jenkins acted on it with no answer back, or half way through Jenkins's answer.
 */
class RecordingProxy implements Closeable {
    static class Recorded {
        String method
        String pathQuery
        String authorization
        String body

        /** The urlencoded form fields of the body, decoded. */
        Map<String, String> form() {
            body.split('&').findAll { it }.collectEntries { String pair ->
                int eq = pair.indexOf('=')
                [(URLDecoder.decode(pair.substring(0, eq), 'UTF-8')): URLDecoder.decode(pair.substring(eq + 1), 'UTF-8')]
            }
        }
    }

    final List<Recorded> recorded = new CopyOnWriteArrayList<>()
    /**
     * Given each request: null to relay it; 'cut' to close the connection unanswered, never relayed; 'cut-after' to relay
     * it and close the connection instead of answering; 'half' to relay it and pass on the first half of the answer's
     * body only; or [status, text] to answer so.
     */
    Closure intercept = { Recorded request -> null }
    private final HttpServer server
    private final URL target

    RecordingProxy(URL target) {
        this.target = target
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
        server.createContext('/') { HttpExchange exchange -> relay(exchange) }
        server.start()
    }

    /** The target's URL as seen through the proxy (same path). */
    URL getUrl() {
        new URL("http://127.0.0.1:${server.address.port}${target.path}")
    }

    private void relay(HttpExchange exchange) {
        byte[] body = exchange.requestBody.bytes
        Recorded request = new Recorded(method: exchange.requestMethod, pathQuery: exchange.requestURI.rawPath + (exchange.requestURI.rawQuery ? '?' + exchange.requestURI.rawQuery : ''),
                authorization: exchange.requestHeaders.getFirst('Authorization'), body: new String(body, 'ISO-8859-1'))
        recorded << request
        def instead = intercept.call(request)
        if (instead == 'cut') {
            exchange.close()
            return
        }
        if (instead instanceof List) {
            byte[] text = String.valueOf(instead[1]).getBytes('UTF-8')
            exchange.responseHeaders.set('Content-Type', instead[1].toString().startsWith('{') ? 'application/json;charset=UTF-8' : 'text/plain;charset=UTF-8')
            exchange.responseHeaders.set('X-Jenkins', '2.579')
            exchange.sendResponseHeaders(instead[0] as int, text.length)
            exchange.responseBody.write(text)
            exchange.close()
            return
        }
        HttpURLConnection connection = (HttpURLConnection) new URL("${target.protocol}://${target.host}:${target.port}${exchange.requestURI.rawPath}" +
                (exchange.requestURI.rawQuery ? '?' + exchange.requestURI.rawQuery : '')).openConnection()
        connection.requestMethod = exchange.requestMethod
        connection.instanceFollowRedirects = false
        exchange.requestHeaders.each { String name, List<String> values ->
            if (!(name.toLowerCase(Locale.ROOT) in ['host', 'content-length', 'connection'])) {
                values.each { connection.addRequestProperty(name, it) }
            }
        }
        if (body.length > 0) {
            connection.doOutput = true
            connection.outputStream.withStream { it.write(body) }
        }
        int status = connection.responseCode
        byte[] answer = (status >= 400 ? connection.errorStream : connection.inputStream)?.bytes ?: new byte[0]
        if (instead == 'cut-after') {
            exchange.close()
            return
        }
        connection.headerFields.each { String name, List<String> values ->
            if (name != null && !(name.toLowerCase(Locale.ROOT) in ['transfer-encoding', 'content-length', 'connection'])) {
                values.each { exchange.responseHeaders.add(name, it) }
            }
        }
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length)
        if (answer.length > 0) {
            exchange.responseBody.write(instead == 'half' ? Arrays.copyOf(answer, answer.length.intdiv(2) as int) : answer)
        }
        exchange.close()
    }

    @Override
    void close() {
        server.stop(0)
    }
}
