package io.github.apitokenkit.support

import groovy.json.JsonSlurper

import java.nio.charset.StandardCharsets

/**
 * A small HTTP client for specs that talk to the stand-in over real HTTP: Basic credentials, a cookie jar that a
 * spec can keep or drop, form posts, and answers whose status, headers and body can all be asserted on. Redirects
 * are not followed.
 */
class Http {
    static class Answer {
        int status
        Map<String, List<String>> headers
        String body

        String header(String name) {
            headers.find { it.key?.equalsIgnoreCase(name) }?.value?.first()
        }

        List<String> headerValues(String name) {
            headers.find { it.key?.equalsIgnoreCase(name) }?.value ?: []
        }

        Object getJson() {
            new JsonSlurper().parseText(body)
        }
    }

    final URL root
    private final String credentials
    /** Cookies the server set, sent back on later requests (like curl's --cookie-jar then --cookie). */
    final Map<String, String> cookies

    Http(URL root, String user = null, String secret = null, Map<String, String> cookies = [:]) {
        this.root = root
        this.credentials = user == null ? null : "${user}:${secret}"
        this.cookies = cookies
    }

    /** The same client with other credentials, sharing this one's cookies. */
    Http withCredentials(String user, String secret) {
        new Http(root, user, secret, cookies)
    }

    /** The same client without any cookie. */
    Http withoutCookies() {
        new Http(root, credentials?.split(':', 2)?.getAt(0), credentials?.split(':', 2)?.getAt(1), [:])
    }

    Answer get(String path, Map<String, String> headers = [:]) {
        send('GET', path, null, headers)
    }

    Answer post(String path, Map<String, String> form = [:], Map<String, String> headers = [:]) {
        String body = form.collect { k, v -> URLEncoder.encode(k, 'UTF-8') + '=' + URLEncoder.encode(v, 'UTF-8') }.join('&')
        send('POST', path, body, headers)
    }

    Answer send(String method, String path, String body, Map<String, String> headers) {
        HttpURLConnection connection = (HttpURLConnection) new URL(root, path).openConnection()
        connection.requestMethod = method
        connection.instanceFollowRedirects = false
        if (credentials != null) {
            connection.setRequestProperty('Authorization', 'Basic ' + credentials.getBytes(StandardCharsets.UTF_8).encodeBase64())
        }
        if (cookies) {
            connection.setRequestProperty('Cookie', cookies.collect { k, v -> "${k}=${v}" }.join('; '))
        }
        headers.each { k, v -> connection.setRequestProperty(k, v) }
        if (body != null) {
            connection.doOutput = true
            connection.setRequestProperty('Content-Type', 'application/x-www-form-urlencoded')
            connection.outputStream.withStream { it.write(body.getBytes(StandardCharsets.UTF_8)) }
        }
        int status = connection.responseCode
        InputStream stream = status < 400 ? connection.inputStream : connection.errorStream
        String text = stream == null ? '' : stream.getText('UTF-8')
        Map<String, List<String>> received = connection.headerFields.findAll { it.key != null }
        received.find { it.key.equalsIgnoreCase('Set-Cookie') }?.value?.each { String cookie ->
            String pair = cookie.split(';')[0]
            cookies[pair.substring(0, pair.indexOf('='))] = pair.substring(pair.indexOf('=') + 1)
        }
        return new Answer(status: status, headers: received, body: text)
    }
}
