package io.github.apitokenkit.standin.http

import groovy.json.JsonOutput
import hudson.model.User
import hudson.security.ACL
import hudson.security.ACLContext
import hudson.security.AbstractPasswordBasedSecurityRealm
import hudson.security.AccessDeniedException3
import hudson.security.Permission
import hudson.security.SecurityRealm
import io.github.apitokenkit.standin.ConfidentialStore
import io.github.apitokenkit.standin.CurrentRequest
import io.github.apitokenkit.standin.Hex
import io.github.apitokenkit.standin.JettyHttp
import io.github.apitokenkit.standin.ScriptConsole
import io.github.apitokenkit.standin.ScriptEvents
import jenkins.model.Jenkins
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import org.springframework.security.access.AccessDeniedException
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken
import org.springframework.security.core.Authentication
import org.springframework.security.core.AuthenticationException
import org.springframework.security.core.userdetails.UserDetails
import org.springframework.security.core.userdetails.UsernameNotFoundException

import java.nio.charset.StandardCharsets
import java.security.MessageDigest
import java.security.SecureRandom
import java.util.concurrent.ConcurrentHashMap
import java.util.function.Supplier
import java.util.logging.Level
import java.util.logging.Logger

/**
 * The stand-in Jenkins over real HTTP (Jetty 12, like Winstone) on 127.0.0.1 under the {@code /jenkins} context
 * path, answering like core
 * (JENKINS-FACTS.md §2.5, §11–§14): Basic authentication with an API token or a password, sessions with a
 * {@code JSESSIONID.<8 hex>} cookie, crumbs bound to user and session, Overall/Read on every URL but the always
 * readable ones, the identity endpoints, the crumb issuer, the script console and the token web methods, with the
 * status codes, headers and bodies of the facts.
 *
 * Filters run in core's order: authentication, then the crumb check (POST only), then Stapler's dispatch, where
 * Overall/Read and each endpoint's own permission are checked.
 */
class HttpStandIn implements AutoCloseable {
    static final String CONTEXT = '/jenkins'
    static final String TOKEN_DESCRIPTOR = 'descriptorByName/jenkins.security.ApiTokenProperty/'
    private static final Logger LOGGER = Logger.getLogger(HttpStandIn.name)
    private static final SecureRandom RANDOM = new SecureRandom()
    private static final String GROUP_HEADER_NOTE =
            'JENKINS-39402: use -Dhudson.security.AccessDeniedException2.REPORT_GROUP_HEADERS=true or use /whoAmI to diagnose'

    /**
     * A session: what a crumb is bound to. It never holds an authentication (§20): core runs a Basic-auth request
     * inside ACL.as2 and restores the context after it, and drops a session's context that lacks the user seed only
     * a real login (form login, sign-up) puts there; this stand-in has no such login.
     */
    static class Session {
        final String id

        Session(String id) { this.id = id }
    }

    /** What one request is: its exchange, its session (which a crumb request may create) and its caller. */
    static class Call {
        final Exchange exchange
        Session session
        final Authentication caller

        Call(Exchange exchange, Session session, Authentication caller) {
            this.exchange = exchange
            this.session = session
            this.caller = caller
        }
    }

    final Jenkins jenkins
    /** Like Winstone's, new at every start: JSESSIONID. + 8 random hex. */
    final String sessionCookieName = 'JSESSIONID.' + randomHex(4)
    /** Jenkins.SESSION_HASH, sent as X-Jenkins-Session. */
    final String sessionHash = randomHex(4)
    private final Map<String, Session> sessions = new ConcurrentHashMap<>()
    private final JettyHttp http
    private final TokenEndpoints tokenEndpoints = new TokenEndpoints(this)

    HttpStandIn(Jenkins jenkins, int port) {
        this.jenkins = jenkins
        http = new JettyHttp(port, { io.github.apitokenkit.standin.JettyHttp.Call call -> handle(call) } as io.github.apitokenkit.standin.JettyHttp.CallHandler)
    }

    /** The root URL, with the context path and a trailing slash: never assume Jenkins sits at /. */
    URL getUrl() {
        new URL("http://127.0.0.1:${http.port}${CONTEXT}/")
    }

    @Override
    void close() {
        http.close()
    }

    private void handle(io.github.apitokenkit.standin.JettyHttp.Call call) {
        Exchange exchange = new Exchange(call, CONTEXT)
        try {
            if (exchange.rawPath == CONTEXT || exchange.rawPath.startsWith(CONTEXT + '/')) {
                serve(exchange)
            } else {
                exchange.send(404, 'text/html;charset=iso-8859-1', Pages.containerError(404, 'Not Found', 'Not Found', exchange.rawPath))
            }
        } catch (Throwable t) {
            LOGGER.log(Level.WARNING, "Request failed: ${call.method} ${call.rawPath}", t)
            if (!exchange.answered) {
                jenkinsHeaders(exchange)
                exchange.send(500, 'text/html;charset=UTF-8', Pages.oops(t.toString()))
            }
        }
        exchange.commit()
    }

    private void serve(Exchange exchange) {
        String sessionId = exchange.cookies()[sessionCookieName]
        Session session = sessionId == null ? null : sessions[sessionId]
        Authentication caller = Jenkins.ANONYMOUS2
        boolean byApiToken = false
        if (jenkins.securityRealm != SecurityRealm.NO_AUTHENTICATION) {
            // Every request is authenticated by its own header: a session never carries an authentication (§20).
            String header = exchange.header('Authorization')
            if (header != null && header.toLowerCase(Locale.ROOT).startsWith('basic ')) {
                String[] credentials = decodeBasic(header.substring(6).trim())
                if (credentials == null) {
                    unauthorized(exchange)
                    return
                }
                caller = authenticateWithApiToken(exchange, credentials[0], credentials[1])
                if (exchange.answered) {
                    return
                }
                byApiToken = caller != null
                caller = caller ?: authenticateWithPassword(credentials[0], credentials[1])
                if (caller == null) {
                    unauthorized(exchange)
                    return
                }
            }
        }
        if (exchange.method == 'POST' && jenkins.crumbIssuer != null && !byApiToken && !validCrumb(exchange, session, caller)) {
            exchange.send(403, 'text/html;charset=iso-8859-1',
                    Pages.containerError(403, 'Forbidden', 'No valid crumb was included in the request', exchange.rawPath))
            return
        }
        Call call = new Call(exchange, session, caller)
        ACLContext context = ACL.as2(caller)
        try {
            // Stapler's dispatch, after the filters: from here the request is the thread's current one (Stapler.invoke).
            CurrentRequest.during(exchange.method, exchange.parameters, { -> dispatch(call); null } as Supplier)
        } catch (AccessDeniedException e) {
            denied(call, e)
        } finally {
            context.close()
        }
    }

    private static String[] decodeBasic(String encoded) {
        try {
            String decoded = new String(Base64.decoder.decode(encoded), StandardCharsets.UTF_8)
            int colon = decoded.indexOf(':')
            return colon < 0 ? null : [decoded.substring(0, colon), decoded.substring(colon + 1)] as String[]
        } catch (IllegalArgumentException ignored) {
            return null
        }
    }

    /** BasicHeaderApiTokenAuthenticator and BasicApiTokenHelper: only existing users, statistics updated on a match. */
    private Authentication authenticateWithApiToken(Exchange exchange, String username, String token) {
        User user = User.getById(username, false)
        if (user == null) {
            if (!ApiTokenPropertyConfiguration.get().tokenGenerationOnCreationEnabled
                    || token != hudson.Util.getDigestOf(ApiTokenProperty.API_KEY_SEED.mac(username))) {
                return null
            }
            user = User.getById(username, true)
        } else if (!user.getProperty(ApiTokenProperty)?.matchesPassword(token)) {
            return null
        }
        try {
            UserDetails details = user.userDetailsForImpersonation2
            return user.impersonate(details)
        } catch (UsernameNotFoundException e) {
            // Core throws a ServletException here, which its uncaught-exception filter renders as the oops page.
            jenkinsHeaders(exchange)
            exchange.send(500, 'text/html;charset=UTF-8', Pages.oops(e.toString()))
            return null
        }
    }

    /** BasicHeaderRealPasswordAuthenticator: the realm checks the password. */
    private Authentication authenticateWithPassword(String username, String password) {
        SecurityRealm realm = jenkins.securityRealm
        if (!(realm instanceof AbstractPasswordBasedSecurityRealm)) {
            return null
        }
        try {
            UserDetails details = ((AbstractPasswordBasedSecurityRealm) realm).authenticateByPassword(username, password)
            return new UsernamePasswordAuthenticationToken(details.username, '', details.authorities)
        } catch (AuthenticationException ignored) {
            return null
        }
    }

    private static void unauthorized(Exchange exchange) {
        exchange.setHeader('WWW-Authenticate', 'Basic realm="Jenkins"')
        exchange.send(401, 'text/html;charset=iso-8859-1', Pages.containerError(401, 'Unauthorized', 'Unauthorized', exchange.rawPath))
    }

    private boolean validCrumb(Exchange exchange, Session session, Authentication caller) {
        String field = jenkins.crumbIssuer.crumbRequestField
        String crumb = exchange.header(field) ?: exchange.parameter(field)
        return crumb != null && session != null &&
                MessageDigest.isEqual(crumb.getBytes(StandardCharsets.UTF_8), crumbFor(caller, session).getBytes(StandardCharsets.UTF_8))
    }

    /** DefaultCrumbIssuer: hex SHA-256 of "name;sessionId" followed by the salt kept in secrets/. */
    String crumbFor(Authentication caller, Session session) {
        MessageDigest digest = MessageDigest.getInstance('SHA-256')
        digest.update("${caller.name};${session.id}".toString().getBytes(StandardCharsets.UTF_8))
        digest.update(Hex.encode(ConfidentialStore.key('jenkins.model.Jenkins.crumbSalt', 8)).getBytes(StandardCharsets.US_ASCII))
        return Hex.encode(digest.digest())
    }

    /** Fetching a crumb creates the session it is bound to (core since 2.192). */
    Session sessionOf(Call call) {
        if (call.session == null) {
            Session session = new Session(randomHex(16))
            sessions[session.id] = session
            call.session = session
            call.exchange.addHeader('Set-Cookie', "${sessionCookieName}=${session.id}; Path=${CONTEXT}; HttpOnly".toString())
        }
        return call.session
    }

    private void dispatch(Call call) {
        Exchange exchange = call.exchange
        String path = exchange.path.endsWith('/') ? exchange.path.substring(0, exchange.path.length() - 1) : exchange.path
        if (path == '/login') {
            html(exchange, 200, Pages.login(CONTEXT))
            return
        }
        if (path == '/whoAmI/api/json') {
            json(exchange, 200, whoAmI(call.caller))
            return
        }
        if (path == '/whoAmI/api/xml') {
            xml(exchange, 'whoAmI', whoAmI(call.caller))
            return
        }
        jenkins.checkPermission(Jenkins.READ)
        if (path == '') {
            html(exchange, 200, Pages.dashboard())
        } else if (path == '/api/json') {
            json(exchange, 200, rootJson(exchange))
        } else if (path == '/crumbIssuer/api/json' || path == '/crumbIssuer/api/xml') {
            crumbIssuer(call, path.endsWith('json'))
        } else if (path == '/scriptText' || path == '/script') {
            scriptConsole(call, path == '/scriptText')
        } else if (path == '/me/api/json') {
            json(exchange, 200, userJson(exchange, me()))
        } else if (path.startsWith('/me/' + TOKEN_DESCRIPTOR)) {
            tokenEndpoints.serve(call, me(), path.substring(('/me/' + TOKEN_DESCRIPTOR).length()))
        } else if (path ==~ '/user/[^/]+(/.*)?') {
            String rest = path.substring('/user/'.length())
            int slash = rest.indexOf('/')
            User user = userAtUrl(slash < 0 ? rest : rest.substring(0, slash))
            String below = slash < 0 ? '' : rest.substring(slash + 1)
            if (user == null) {
                notFound(exchange)
            } else if (below == 'api/json') {
                json(exchange, 200, userJson(exchange, user))
            } else if (below.startsWith(TOKEN_DESCRIPTOR)) {
                tokenEndpoints.serve(call, user, below.substring(TOKEN_DESCRIPTOR.length()))
            } else {
                notFound(exchange)
            }
        } else {
            notFound(exchange)
        }
    }

    /** Jenkins.getMe(): anonymous callers are refused with a plain AccessDeniedException. */
    private static User me() {
        User user = User.current()
        if (user == null) {
            throw new AccessDeniedException('/me is not available when not logged in')
        }
        return user
    }

    /** Jenkins.getUser(name): ids and full names; creation only with the system property and Administer. */
    private User userAtUrl(String idOrFullName) {
        return User.get(idOrFullName, User.ALLOW_USER_CREATION_VIA_URL && jenkins.hasPermission(Jenkins.ADMINISTER), [:])
    }

    /**
     * The Jenkins object at depth 0 (§20): Node's exported properties, then Jenkins's, each class's sorted by name.
     * A stand-in has no jobs, no agents and no configured root URL (url is null until one is set).
     */
    private Map rootJson(Exchange exchange) {
        Map allView = [_class: 'hudson.model.AllView', name: 'all', url: rootUrl(exchange)]
        [_class         : 'hudson.model.Hudson',
         assignedLabels : [[name: 'built-in']],
         mode           : 'NORMAL',
         nodeDescription: "the Jenkins controller's built-in node",
         nodeName       : '',
         numExecutors   : 2,
         description    : null,
         jobs           : [],
         overallLoad    : [:],
         primaryView    : allView,
         quietDownReason: null,
         quietingDown   : false,
         slaveAgentPort : 0,
         unlabeledLoad  : [_class: 'jenkins.model.UnlabeledLoadStatistics'],
         url            : null,
         useCrumbs      : jenkins.crumbIssuer != null,
         useSecurity    : jenkins.securityRealm != SecurityRealm.NO_AUTHENTICATION,
         views          : [allView]]
    }

    private static Map whoAmI(Authentication caller) {
        [_class       : 'hudson.security.WhoAmI',
         anonymous    : ACL.isAnonymous2(caller),
         authenticated: caller.authenticated,
         authorities  : caller.authorities*.authority,
         name         : caller.name]
    }

    private Map userJson(Exchange exchange, User user) {
        List properties = user.hasPermission(Jenkins.ADMINISTER) ? user.allProperties.collect { [_class: it.getClass().name] } : []
        [_class     : 'hudson.model.User',
         absoluteUrl: rootUrl(exchange) + user.url,
         description: user.description,
         fullName   : user.fullName,
         id         : user.id,
         property   : properties]
    }

    private static String rootUrl(Exchange exchange) {
        "http://${exchange.header('Host')}${CONTEXT}/".toString()
    }

    private void crumbIssuer(Call call, boolean asJson) {
        Exchange exchange = call.exchange
        if (jenkins.crumbIssuer == null) {
            notFound(exchange)
            return
        }
        String field = jenkins.crumbIssuer.crumbRequestField
        String crumb = crumbFor(call.caller, sessionOf(call))
        if (asJson) {
            json(exchange, 200, [_class: jenkins.crumbIssuer.getClass().name, crumb: crumb, crumbRequestField: field])
            return
        }
        String xpath = exchange.parameter('xpath')
        Map<String, String> primitiveAnswers = [
                'concat(//crumbRequestField,":",//crumb)': "${field}:${crumb}".toString(),
                '/*/crumbRequestField/text()'            : field,
                '/*/crumb/text()'                        : crumb]
        if (field.startsWith('.') || field.contains('-')) {
            primitiveAnswers["concat(//crumbRequestField,'=',//crumb)".toString()] = "${field}=${crumb}".toString()
        }
        apiHeaders(exchange)
        if (xpath == null) {
            String className = jenkins.crumbIssuer.getClass().name
            exchange.send(200, 'application/xml;charset=UTF-8',
                    "<defaultCrumbIssuer _class='${className}'><crumb>${crumb}</crumb><crumbRequestField>${field}</crumbRequestField></defaultCrumbIssuer>".toString())
        } else if (primitiveAnswers.containsKey(xpath)) {
            exchange.send(200, 'text/plain;charset=UTF-8', primitiveAnswers[xpath])
        } else {
            exchange.send(403, 'text/html;charset=iso-8859-1', Pages.containerError(403, 'Forbidden',
                    'primitive XPath result sets forbidden; implement jenkins.security.SecureRequester', exchange.rawPath))
        }
    }

    /** Jenkins.doScriptText and doScript: Administer first, POST for a script, run as the caller, HTTP 200 always. */
    private void scriptConsole(Call call, boolean plainText) {
        Exchange exchange = call.exchange
        jenkins.checkPermission(Jenkins.ADMINISTER)
        String script = exchange.parameter('script')
        if (script != null && exchange.method != 'POST') {
            jenkinsHeaders(exchange)
            exchange.send(405, 'text/html;charset=UTF-8', Pages.oops('requires POST'))
            return
        }
        String output = script == null ? null : ScriptEvents.run(script) { ScriptConsole.run(script, call.caller) }
        if (plainText) {
            // _scriptText.jelly is an l:view without the layout, so unlike Jenkins's pages it sends no X-Jenkins header.
            exchange.send(200, 'text/plain;charset=UTF-8', output ?: '')
        } else {
            jenkinsHeaders(exchange)
            exchange.send(200, 'text/html;charset=UTF-8', Pages.scriptConsole(script, output))
        }
    }

    private void denied(Call call, AccessDeniedException e) {
        Exchange exchange = call.exchange
        if (ACL.isAnonymous2(call.caller)) {
            if (exchange.header('X-Requested-With') == 'XMLHttpRequest') {
                exchange.send(403, 'text/html;charset=iso-8859-1', Pages.containerError(403, 'Forbidden', 'Forbidden', exchange.rawPath))
                return
            }
            jenkinsHeaders(exchange)
            StringBuilder comment = new StringBuilder('You are authenticated as: anonymous\nGroups that you are in:\n  \n')
            if (e instanceof AccessDeniedException3) {
                deniedHeaders(exchange, (AccessDeniedException3) e)
                Permission p = ((AccessDeniedException3) e).permission
                comment.append('Permission you need to have (but didn\'t): ').append(p.id).append('\n')
                for (Permission implying = p.impliedBy; implying != null; implying = implying.impliedBy) {
                    comment.append(' ... which is implied by: ').append(implying.id).append('\n')
                }
            }
            String from = URLEncoder.encode(exchange.pathQuery, 'UTF-8')
            exchange.send(403, 'text/html;charset=UTF-8', Pages.authenticationRequired("${CONTEXT}/login?from=${from}", comment.toString().trim()))
        } else {
            jenkinsHeaders(exchange)
            if (e instanceof AccessDeniedException3) {
                deniedHeaders(exchange, (AccessDeniedException3) e)
            }
            exchange.send(403, 'text/html;charset=UTF-8', Pages.accessDenied(e.message))
        }
    }

    private static void deniedHeaders(Exchange exchange, AccessDeniedException3 e) {
        exchange.setHeader('X-You-Are-Authenticated-As', e.authentication.name)
        exchange.setHeader('X-You-Are-In-Group-Disabled', GROUP_HEADER_NOTE)
        exchange.setHeader('X-Required-Permission', e.permission.id)
        for (Permission implying = e.permission.impliedBy; implying != null; implying = implying.impliedBy) {
            exchange.addHeader('X-Permission-Implied-By', implying.id)
        }
    }

    /**
     * Functions.advertiseHeaders: on pages rendered with the layout (dashboard, login, 404, oops, access denied, the
     * 405 retry page), the 403 login redirect and hudson.model.Api answers; not on /scriptText's l:view or on the
     * HttpResponses.ok/okJSON/html answers of the token web methods.
     */
    void jenkinsHeaders(Exchange exchange) {
        exchange.setHeader('X-Hudson', '1.395')
        exchange.setHeader('X-Jenkins', Jenkins.VERSION)
        exchange.setHeader('X-Jenkins-Session', sessionHash)
    }

    /** hudson.model.Api adds these to its answers (Api.setHeaders): no X-Hudson there. */
    void apiHeaders(Exchange exchange) {
        exchange.setHeader('X-Jenkins', Jenkins.VERSION)
        exchange.setHeader('X-Jenkins-Session', sessionHash)
        exchange.setHeader('X-Content-Type-Options', 'nosniff')
        exchange.setHeader('X-Frame-Options', 'deny')
    }

    void json(Exchange exchange, int status, Object body) {
        apiHeaders(exchange)
        exchange.send(status, 'application/json;charset=UTF-8', JsonOutput.toJson(body))
    }

    /**
     * A flat exported bean as Stapler's XML writer renders it: the root element named after the class, _class as an
     * attribute in single quotes, null properties left out, each item of an array as an element of the singular name.
     */
    void xml(Exchange exchange, String root, Map bean) {
        StringBuilder xml = new StringBuilder("<${root} _class='${bean._class}'>")
        bean.findAll { it.key != '_class' && it.value != null }.each { String name, value ->
            (value instanceof Collection ? value : [value]).each { item ->
                String element = value instanceof Collection ? singular(name) : name
                xml.append("<${element}>").append(escapeXml(String.valueOf(item))).append("</${element}>")
            }
        }
        apiHeaders(exchange)
        exchange.send(200, 'application/xml;charset=UTF-8', xml.append("</${root}>").toString())
    }

    /** Stapler's toSingular: "ies" becomes "y", then a final "s" goes. */
    private static String singular(String name) {
        name.endsWith('ies') ? name[0..-4] + 'y' : name.endsWith('s') ? name[0..-2] : name
    }

    private static String escapeXml(String text) {
        text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    }

    void html(Exchange exchange, int status, String body) {
        jenkinsHeaders(exchange)
        exchange.send(status, 'text/html;charset=UTF-8', body)
    }

    void notFound(Exchange exchange) {
        html(exchange, 404, Pages.notFound())
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes]
        RANDOM.nextBytes(random)
        return Hex.encode(random)
    }
}
