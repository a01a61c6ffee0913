package io.github.apitokenkit.standin.http


import java.nio.charset.StandardCharsets

/**
 * One HTTP request and its answer, with the servlet-like parts the stand-in needs: parameters from the query
 * string then from an urlencoded body (first value wins, like getParameter) and cookies. The answer is held until
 * {@link #commit} so that the server can finish its own bookkeeping (the session) before the client sees it.
 */
class Exchange {
    final String method
    /** The decoded path below the context, e.g. "/whoAmI/api/json" for "/jenkins/whoAmI/api/json". */
    final String path
    final String rawPath
    /** Path and query as the client sent them. */
    final String pathQuery
    // A nested Java type is named in full: the stubs javac reads for JenkinsRule (pom.xml) cannot resolve it through
    // an import of its outer class, which javac has not compiled yet on a clean build.
    private final io.github.apitokenkit.standin.JettyHttp.Call call
    private final Map<String, List<String>> parameters = [:]
    private final List<String[]> responseHeaders = []
    boolean answered

    Exchange(io.github.apitokenkit.standin.JettyHttp.Call call, String contextPath) {
        this.call = call
        method = call.method
        rawPath = call.rawPath
        pathQuery = call.pathQuery
        String below = rawPath.startsWith(contextPath) ? rawPath.substring(contextPath.length()) : rawPath
        path = URLDecoder.decode(below.replace('+', '%2B'), 'UTF-8')
        addParameters(call.rawQuery)
        if ((header('Content-Type') ?: '').toLowerCase(Locale.ROOT).startsWith('application/x-www-form-urlencoded')) {
            addParameters(new String(call.body, StandardCharsets.ISO_8859_1))
        }
    }

    /** Query strings and form bodies: '+' is a space. */
    private void addParameters(String encoded) {
        if (!encoded) {
            return
        }
        for (String pair : encoded.split('&')) {
            if (pair.isEmpty()) {
                continue
            }
            int eq = pair.indexOf('=')
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), 'UTF-8')
            String value = eq < 0 ? '' : URLDecoder.decode(pair.substring(eq + 1), 'UTF-8')
            parameters.computeIfAbsent(name) { [] } << value
        }
    }

    /** Every parameter with all its values, in the order they came. */
    Map<String, List<String>> getParameters() {
        return Collections.unmodifiableMap(parameters)
    }

    String parameter(String name) {
        List<String> values = parameters[name]
        return values ? values[0] : null
    }

    String header(String name) {
        call.header(name)
    }

    Map<String, String> cookies() {
        Map<String, String> found = [:]
        for (String line : call.headerValues('Cookie')) {
            for (String part : line.split(';')) {
                int eq = part.indexOf('=')
                if (eq > 0) {
                    found[part.substring(0, eq).trim()] = part.substring(eq + 1).trim()
                }
            }
        }
        return found
    }

    void setHeader(String name, String value) {
        responseHeaders.removeAll { it[0].equalsIgnoreCase(name) }
        responseHeaders << ([name, value] as String[])
    }

    void addHeader(String name, String value) {
        responseHeaders << ([name, value] as String[])
    }

    /** Decides the answer, which the client gets once the request is done; an empty body sends no body at all. */
    void send(int status, String contentType, String body) {
        if (answered) {
            throw new IllegalStateException('answered twice')
        }
        answered = true
        this.status = status
        if (contentType != null) {
            setHeader('Content-Type', contentType)
        }
        this.body = (body ?: '').getBytes(StandardCharsets.UTF_8)
    }

    private int status
    private byte[] body

    void commit() {
        call.respond(status, responseHeaders, body)
    }
}
