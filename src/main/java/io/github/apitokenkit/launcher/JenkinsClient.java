package io.github.apitokenkit.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

/**
 * Talks to one Jenkins: Basic authentication, a crumb and its session cookie when a password is used (or when
 * Jenkins asks for one), and every answer that is not a success turned into one line naming the cause and the fix.
 * {@code HttpURLConnection}: it starts fast, which a command-line tool called in loops needs.
 *
 * <p>A request that succeeds needs nothing more: the script's envelope (with this call's nonce) or the token
 * endpoint's JSON shows Jenkins answered. Only when an answer is not what Jenkins gives does the client ask
 * {@code whoAmI/api/json}, which any Jenkins answers to anyone with an {@code X-Jenkins} header: that tells a
 * Jenkins from a proxy's login page or another server, and checks the credentials, before the answer is judged by
 * its status (/scriptText and the token web methods send no {@code X-Jenkins} header). A successful call so costs
 * one request with an API token, two with a password (the crumb first).
 */
final class JenkinsClient {
    static final class Response {
        final int status;
        final Map<String, List<String>> headers;
        final String body;

        Response(int status, Map<String, List<String>> headers, String body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final URL root;
    private final Credentials credentials;
    private final int timeoutMillis;
    private final TlsSettings tls;
    private final PrintStream verbose;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String crumbField;
    private String crumb;
    private boolean knownJenkins;

    JenkinsClient(URL root, Credentials credentials, int timeoutSeconds, TlsSettings tls, PrintStream verbose) {
        this.root = root;
        this.credentials = credentials;
        this.timeoutMillis = timeoutSeconds * 1000;
        this.tls = tls;
        this.verbose = verbose;
    }

    URL root() {
        return root;
    }

    /** The same controller with other credentials: a token just made, to prove that it works. */
    JenkinsClient as(Credentials other) {
        return new JenkinsClient(root, other, timeoutMillis / 1000, tls, verbose);
    }

    /** The user whoAmI/api/json says the credentials authenticate ("anonymous" for none); a refusal as for any call. */
    String whoAmI() throws LauncherException {
        Response response = check(send("GET", "whoAmI/api/json", null), "whoAmI/api/json");
        Object parsed;
        try {
            parsed = Json.parse(response.body);
        } catch (IllegalArgumentException e) {
            throw new LauncherException(ExitCode.NOT_JENKINS, root + "whoAmI/api/json is not JSON: " + e.getMessage());
        }
        Object name = parsed instanceof Map ? ((Map<?, ?>) parsed).get("name") : null;
        return name == null ? "anonymous" : String.valueOf(name);
    }

    /** A POST of form fields; with a password, a crumb is fetched first; a crumb refusal is retried once with one. */
    Response post(String path, Map<String, String> form) throws LauncherException {
        boolean needsCrumb = credentials == null || !credentials.isApiToken();
        if (needsCrumb) {
            fetchCrumb();
        }
        Response response = send("POST", path, form);
        if (!needsCrumb && isCrumbRefusal(response)) {
            fetchCrumb();
            response = send("POST", path, form);
        }
        return judged(response, path);
    }

    /** Whether requests go in plain HTTP to another machine, where a redirect or a proxy may read what is sent. */
    boolean isPlainHttpToAnotherHost() {
        return root.getProtocol().equals("http") && !Inputs.isLoopback(root.getHost());
    }

    /** A 2xx as it is; any other answer is judged once it is known to come from Jenkins (see the class comment). */
    private Response judged(Response response, String path) throws LauncherException {
        if (response.status < 200 || response.status >= 300) {
            requireJenkins();
        }
        return check(response, path);
    }

    /**
     * Whether it is Jenkins at all, and whether it accepts the credentials: asked once, when an answer is not what
     * Jenkins gives (a failure status, or a 200 without what the operation expects).
     */
    void requireJenkins() throws LauncherException {
        if (knownJenkins) {
            return;
        }
        Response response = send("GET", "whoAmI/api/json", null);
        // A redirect, a proxy's or a load balancer's own refusal or failure carries no X-Jenkins: check() names them.
        boolean fromInBetween = (response.status >= 300 && response.status < 400) || response.status >= 500
                || response.status == 401 || response.status == 407 || response.status == 429;
        if (response.header("X-Jenkins") == null && !fromInBetween) {
            String lower = response.body.toLowerCase(Locale.ROOT);
            if (lower.contains("j_username") || lower.contains("sign in") || lower.contains("log in") || lower.contains("login")) {
                throw new LauncherException(ExitCode.NOT_JENKINS, root + " answered with a login page, not Jenkins's API: a proxy or single "
                        + "sign-on sits in front; use the URL Jenkins itself serves, with an API token");
            }
            if (response.status == 404) {
                throw new LauncherException(ExitCode.NOT_JENKINS, "no Jenkins at " + root + " (404 for whoAmI/api/json): check that --url is "
                        + "Jenkins's root, context path included (e.g. https://host/jenkins/)");
            }
            throw new LauncherException(ExitCode.NOT_JENKINS, root + " does not answer like Jenkins (HTTP " + response.status
                    + " without an X-Jenkins header for whoAmI/api/json): check --url");
        }
        check(response, "whoAmI/api/json");
        knownJenkins = true;
    }

    private void fetchCrumb() throws LauncherException {
        if (crumb != null) {
            return;
        }
        Response response = send("GET", "crumbIssuer/api/json", null);
        if (response.status == 404 && response.header("X-Jenkins") != null) {
            return; // CSRF protection is off on this Jenkins: no crumb to send
        }
        judged(response, "crumbIssuer/api/json");
        Object parsed;
        try {
            parsed = Json.parse(response.body);
        } catch (IllegalArgumentException e) {
            requireJenkins();
            throw new LauncherException(ExitCode.NOT_JENKINS, root + "crumbIssuer/api/json is not JSON: " + e.getMessage());
        }
        Map<?, ?> fields = parsed instanceof Map ? (Map<?, ?>) parsed : Map.of();
        crumbField = String.valueOf(fields.get("crumbRequestField"));
        crumb = String.valueOf(fields.get("crumb"));
    }

    private static boolean isCrumbRefusal(Response response) {
        return response.status == 403 && response.body.contains("No valid crumb");
    }

    private Response send(String method, String path, Map<String, String> form) throws LauncherException {
        URL url;
        try {
            url = root.toURI().resolve(path).toURL();
        } catch (Exception e) {
            throw new LauncherException(ExitCode.USAGE, "cannot make a URL of " + root + " and " + path);
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            if (connection instanceof HttpsURLConnection) {
                if (tls.socketFactory != null) {
                    ((HttpsURLConnection) connection).setSSLSocketFactory(tls.socketFactory);
                }
                if (tls.hostnameVerifier != null) {
                    ((HttpsURLConnection) connection).setHostnameVerifier(tls.hostnameVerifier);
                }
            }
            connection.setRequestMethod(method);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(timeoutMillis);
            connection.setReadTimeout(timeoutMillis);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json, text/plain, */*");
            if (credentials != null) {
                connection.setRequestProperty("Authorization", credentials.basicHeader());
            }
            if (!cookies.isEmpty()) {
                StringJoiner cookie = new StringJoiner("; ");
                for (Map.Entry<String, String> pair : cookies.entrySet()) {
                    cookie.add(pair.getKey() + "=" + pair.getValue());
                }
                connection.setRequestProperty("Cookie", cookie.toString());
            }
            if (crumb != null && "POST".equals(method)) {
                connection.setRequestProperty(crumbField, crumb);
            }
            byte[] body = form == null ? null : encode(form);
            log("> " + method + " " + url + (body == null ? "" : " (form fields " + form.keySet() + ", " + body.length + " bytes, not shown)")
                    + (credentials == null ? "" : ", Authorization: Basic <redacted>") + (crumb != null && "POST".equals(method) ? ", " + crumbField + ": <redacted>" : ""));
            if (body != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Map.Entry<String, List<String>> header : connection.getHeaderFields().entrySet()) {
                if (header.getKey() != null) {
                    headers.put(header.getKey(), header.getValue());
                }
            }
            keepSessionCookies(headers.get("Set-Cookie"));
            String text = read(status < 400 ? connection.getInputStream() : connection.getErrorStream());
            log("< " + status + " X-Jenkins: " + headers.getOrDefault("X-Jenkins", List.of("(none)")).get(0)
                    + ", Content-Type: " + headers.getOrDefault("Content-Type", List.of("(none)")).get(0) + ", " + text.length() + " characters (not shown)");
            return new Response(status, headers, text);
        } catch (SocketTimeoutException e) {
            throw new LauncherException(ExitCode.NETWORK, "no answer from " + url.getHost() + " within " + timeoutMillis / 1000
                    + " s: Jenkins is slow or unreachable; raise --timeout or check the network");
        } catch (ConnectException e) {
            throw new LauncherException(ExitCode.NETWORK, "connection refused by " + url.getHost() + ":" + port(url)
                    + ": is Jenkins running there, on that port?");
        } catch (UnknownHostException e) {
            throw new LauncherException(ExitCode.NETWORK, "unknown host " + url.getHost() + ": check the URL");
        } catch (SSLException e) {
            throw tlsFailure(url, e);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("HTTPS hostname wrong")) {
                throw tlsFailure(url, e);
            }
            throw new LauncherException(ExitCode.NETWORK, "the connection to " + url.getHost() + " broke (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + "), perhaps in the middle of an answer: "
                    + "check the network and any proxy; whether Jenkins finished the request is unknown");
        }
    }

    /** A TLS failure named by its cause: a certificate for another host, one --cacert does not vouch for, or any other. */
    private LauncherException tlsFailure(URL url, IOException e) {
        StringBuilder causes = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            causes.append(t.getMessage()).append('\n');
        }
        String all = causes.toString();
        if (all.contains("No subject alternative") || all.contains("No name matching") || all.contains("HTTPS hostname wrong")) {
            return new LauncherException(ExitCode.NETWORK, "TLS failure with " + url.getHost() + ": the host name does not match its certificate ("
                    + firstLine(e.getMessage()) + "); use the host name the certificate was made for in --url");
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateExpiredException || t instanceof java.security.cert.CertificateNotYetValidException) {
                return new LauncherException(ExitCode.NETWORK, "TLS failure with " + url.getHost() + ": a certificate in its chain is out of its "
                        + "validity dates (" + firstLine(t.getMessage()) + "); renew it on the server, or check this machine's clock");
            }
        }
        if (tls.privateCa != null) {
            return new LauncherException(ExitCode.NETWORK, "TLS failure with " + url.getHost() + " (" + firstLine(e.getMessage())
                    + "): its certificate is not vouched for by --cacert " + tls.privateCa + "; give the certificate authority that signed it");
        }
        return new LauncherException(ExitCode.NETWORK, "TLS failure with " + url.getHost() + " (" + firstLine(e.getMessage())
                + "): for a private certificate authority give --cacert FILE");
    }

    /** Turns every answer that is not a 2xx from Jenkins into one line naming the cause and the fix. */
    private Response check(Response response, String path) throws LauncherException {
        int status = response.status;
        String where = root + path;
        if (status == 401) {
            throw new LauncherException(ExitCode.REFUSED, credentials == null
                    ? "Jenkins at " + root + " wants credentials (401): give --auth USER:API_TOKEN or set JENKINS_USER_ID and JENKINS_API_TOKEN"
                    : "authentication refused by " + root + " (401): wrong user name or secret for '" + credentials.user + "'; check --auth");
        }
        if (isCrumbRefusal(response)) {
            throw new LauncherException(ExitCode.REFUSED, "Jenkins at " + root + " refused the request's crumb (403): "
                    + "its session cookie was lost on the way; a proxy may drop cookies, or use an API token instead of a password");
        }
        if (status == 403) {
            String who = response.header("X-You-Are-Authenticated-As");
            String permission = response.header("X-Required-Permission");
            if ("anonymous".equals(who) || (who == null && credentials == null)) {
                throw new LauncherException(ExitCode.REFUSED, "not logged in to " + root + " (403): give --auth USER:API_TOKEN");
            }
            throw new LauncherException(ExitCode.REFUSED, (who == null ? "access" : "'" + who + "'") + " denied on " + where + " (403)"
                    + (permission == null ? ": Jenkins lets only the owner do this (or an administrator, if allowed)"
                    : ": missing the permission " + permission + "; ask an administrator for it"));
        }
        if (status >= 300 && status < 400) {
            throw redirected(response);
        }
        if (status == 404) {
            throw new LauncherException(ExitCode.NOT_JENKINS, "Jenkins at " + root + " has nothing at " + path + " (404): "
                    + "for a user's endpoint, check that the user exists");
        }
        if (status == 405) {
            throw new LauncherException(ExitCode.NOT_JENKINS, "Jenkins at " + root + " refused the method for " + path
                    + " (405): something between us turns POST into GET; use the URL Jenkins itself serves");
        }
        if (status == 407) {
            throw new LauncherException(ExitCode.REFUSED, "a proxy between here and " + root + " wants its own credentials (407): "
                    + "give the JVM its proxy settings (-Dhttps.proxyHost, -Dhttps.proxyPort, and the proxy's user) or reach Jenkins without it");
        }
        if (status == 429) {
            throw new LauncherException(ExitCode.NETWORK, root + " is rate-limiting this client (429 on " + path + "): retry later"
                    + (response.header("Retry-After") == null ? "" : ", after " + response.header("Retry-After") + " s"));
        }
        if (status >= 500 && response.header("X-Jenkins") == null) {
            throw new LauncherException(ExitCode.NETWORK, root + " answered HTTP " + status + " without reaching Jenkins: "
                    + "a proxy or load balancer in front says Jenkins is down, starting or unreachable; retry later, or check Jenkins itself");
        }
        if (status == 503) {
            throw new LauncherException(ExitCode.NETWORK, "Jenkins at " + root + " is not ready (503): it is starting, restarting or "
                    + "shutting down; retry when it is up");
        }
        if (status >= 500) {
            throw new LauncherException(ExitCode.NETWORK, "Jenkins at " + root + " failed with HTTP " + status + " on " + path
                    + ": see the Jenkins log (the page's Logging ID names the entry)");
        }
        if (status >= 400) {
            throw new LauncherException(ExitCode.SCRIPT_FAILED, "Jenkins at " + root + " answered HTTP " + status + " on " + path + ": "
                    + firstLine(response.body.replaceAll("<[^>]*>", " ")));
        }
        return response;
    }

    /** A redirect, named with where it leads: Jenkins's API never redirects a client that reached it at its own URL. */
    private LauncherException redirected(Response response) {
        String location = response.header("Location");
        String to = location == null ? "nowhere (no Location header)" : Text.quote(location);
        if (location != null && location.toLowerCase(Locale.ROOT).contains("login")) {
            return new LauncherException(ExitCode.NOT_JENKINS, root + " redirected (" + response.status + ") to a login page, " + to
                    + ": a proxy or single sign-on sits in front of Jenkins; use the URL Jenkins itself serves, with an API token");
        }
        return new LauncherException(ExitCode.NOT_JENKINS, root + " redirected (" + response.status + ") to " + to
                + ": give Jenkins's own root URL as --url" + (location != null && location.startsWith("https:") && root.getProtocol().equals("http")
                ? ", with https" : ""));
    }

    private void keepSessionCookies(List<String> setCookies) {
        if (setCookies == null) {
            return;
        }
        for (String setCookie : setCookies) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.startsWith("JSESSIONID")) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
    }

    private static byte[] encode(Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        for (Map.Entry<String, String> field : form.entrySet()) {
            body.add(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private void log(String line) {
        if (verbose != null) {
            verbose.println(Text.shown(Text.scrubbed(line)));
        }
    }

    private static int port(URL url) {
        return url.getPort() < 0 ? url.getDefaultPort() : url.getPort();
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                return line.trim().replaceAll("\\s+", " ");
            }
        }
        return "";
    }

    static URL normalize(String url) throws LauncherException {
        try {
            String withSlash = url.endsWith("/") ? url : url + "/";
            URL parsed = URI.create(withSlash).toURL();
            if (!parsed.getProtocol().equals("http") && !parsed.getProtocol().equals("https")) {
                throw new IllegalArgumentException("not http or https");
            }
            return parsed;
        } catch (Exception e) {
            throw new LauncherException(ExitCode.USAGE, "'" + url + "' is not an http or https URL");
        }
    }
}
