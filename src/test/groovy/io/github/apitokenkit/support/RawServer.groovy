package io.github.apitokenkit.support

import groovy.json.JsonSlurper
import io.github.apitokenkit.launcher.RemoteScript

import java.nio.charset.StandardCharsets

/**
 * A server on 127.0.0.1 that writes exactly the bytes a spec gives it and then closes the connection: for answers
 * no well-behaved server sends (cut off in the middle, a body shorter than its Content-Length). Each request is
 * read (request line, headers, a body of Content-Length bytes) and handed to the spec's handler, which answers
 * the raw response, headers included.
 */
class RawServer implements Closeable {
    final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getByName('127.0.0.1'))
    private final Thread acceptor

    /** handler(method, path, body) returns the bytes to write before the connection is closed. */
    RawServer(Closure<byte[]> handler) {
        acceptor = Thread.start('raw-server') {
            while (!socket.closed) {
                Socket client
                try {
                    client = socket.accept()
                } catch (SocketException closed) {
                    return
                }
                client.withCloseable { serve(it, handler) }
            }
        }
    }

    private static void serve(Socket client, Closure<byte[]> handler) {
        DataInputStream input = new DataInputStream(new BufferedInputStream(client.inputStream))
        String requestLine = readLine(input)
        Map<String, String> headers = [:]
        for (String line = readLine(input); line; line = readLine(input)) {
            int colon = line.indexOf(':')
            headers[line.substring(0, colon).trim().toLowerCase()] = line.substring(colon + 1).trim()
        }
        byte[] body = new byte[(headers['content-length'] ?: '0') as int]
        input.readFully(body)
        String[] parts = requestLine.split(' ')
        client.outputStream.write(handler.call(parts[0], parts[1], new String(body, StandardCharsets.UTF_8)))
        client.outputStream.flush()
    }

    private static String readLine(DataInputStream input) {
        ByteArrayOutputStream line = new ByteArrayOutputStream()
        for (int b = input.read(); b >= 0 && b != 10; b = input.read()) {
            if (b != 13) {
                line.write(b)
            }
        }
        return line.toString('UTF-8')
    }

    String getUrl() {
        "http://127.0.0.1:${socket.localPort}/jenkins/"
    }

    /** An HTTP/1.1 answer; with {@code length} null it has no Content-Length, so its end is the connection's end. */
    static byte[] answer(int status, Map<String, String> headers, String body, Integer length = body.getBytes('UTF-8').length) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ${status} X\r\n")
        headers.each { k, v -> head.append("${k}: ${v}\r\n") }
        if (length != null) {
            head.append("Content-Length: ${length}\r\n")
        }
        head.append('Connection: close\r\n\r\n')
        return (head.toString() + body).getBytes('UTF-8')
    }

    /** What whoAmI/api/json answers on a Jenkins, so that the launcher goes on to its real request. */
    static byte[] whoAmI() {
        answer(200, ['X-Jenkins': '2.579', 'Content-Type': 'application/json'], '{"authenticated":true,"name":"admin"}')
    }

    /** The nonce of the launcher's call, read from the script it posted (the prologue's base64 payload). */
    static String nonce(String formBody) {
        String script = URLDecoder.decode(formBody.substring('script='.length()), 'UTF-8')
        return new JsonSlurper().parseText(RemoteScript.payload(script)).envelope
    }

    @Override
    void close() {
        socket.close()
        acceptor.join(5000)
    }
}
