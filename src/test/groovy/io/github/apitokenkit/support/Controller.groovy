package io.github.apitokenkit.support

import groovy.json.JsonSlurper

/**
 * A Jenkins the specs reach only as an administrator's tools do: over HTTP, through its files, and by restarting it.
 * Two kinds: the stand-in sandbox ({@link SandboxController}) and a real jenkins.war ({@link RealJenkins}). Both have
 * Jenkins's own user database with the password equal to the user name, {@code admin} with Overall/Administer and
 * {@code alice} with Overall/Read; a spec written against this class runs unchanged on both.
 */
abstract class Controller implements Closeable {
    /** The root URL, ending with {@code /jenkins/} (the in-process stand-in serves on a new port after a restart). */
    URL url
    /** Its JENKINS_HOME, kept across {@link #restart()}. */
    File home
    private String adminToken

    /** Says which controller this is, in failure messages and spec names: "the stand-in sandbox", "Jenkins 2.568.2". */
    abstract String getDescription()

    /** The core version it is, as its pages say in the X-Jenkins header ("2.568.2"; the stand-in's "-SNAPSHOT" cut). */
    String getVersion() {
        String header = anonymous().get('login').header('X-Jenkins')
        assert header: "${description}: its login page sent no X-Jenkins header"
        header - ~/-SNAPSHOT$/
    }

    /** Everything it printed to its console so far, over restarts. */
    abstract String getLog()

    /** Stops it and starts it again on the same home; it has run {@code init.groovy.d} again when this returns. */
    abstract void restart()

    /** Whether this core version is at least {@code version} (dotted numbers). */
    boolean atLeast(String version) {
        List<Integer> have = this.version.tokenize('.')*.toInteger()
        List<Integer> want = version.tokenize('.')*.toInteger()
        for (int i = 0; i < Math.max(have.size(), want.size()); i++) {
            int a = i < have.size() ? have[i] : 0
            int b = i < want.size() ? want[i] : 0
            if (a != b) {
                return a > b
            }
        }
        return true
    }

    Http anonymous() {
        new Http(url)
    }

    /** Basic authentication with the password, which equals the user name. */
    Http password(String user) {
        new Http(url, user, user)
    }

    Http token(String user, String value) {
        new Http(url, user, value)
    }

    /** An API token of admin's, made once through the REST endpoint (as the seed article does) and kept. */
    String getAdminToken() {
        if (adminToken == null) {
            adminToken = generateThroughRest('admin', 'controller-spec')
        }
        adminToken
    }

    /** A new token for {@code user}, made by its owner through the REST endpoint with crumb and session; its value. */
    String generateThroughRest(String user, String name) {
        Http session = password(user)
        Map crumb = session.get('crumbIssuer/api/json').json as Map
        Http.Answer answer = session.post("user/${user}/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken",
                [newTokenName: name], [(crumb.crumbRequestField as String): crumb.crumb as String])
        assert answer.status == 200: "${description}: generateNewToken for ${user} answered ${answer.status}"
        (answer.json as Map).data.tokenValue
    }

    /**
     * Runs Groovy as admin through {@code /scriptText}; what it printed. Fails the spec on any other status than 200.
     * {@code fields} travel as form fields of the same request, which the script reads with {@link #FIELD}: a text
     * that takes its values so is the same at every call, and the stand-in compiles it once.
     */
    String script(String groovy, Map<String, String> fields = [:]) {
        Http.Answer answer = token('admin', getAdminToken()).post('scriptText', [script: groovy] + fields)
        assert answer.status == 200: "${description}: /scriptText answered ${answer.status}: ${answer.body.take(500)}"
        answer.body
    }

    /**
     * Groovy that defines {@code field(name)}: a form field of the request running the script, through Stapler's
     * current request (getCurrentRequest2 from 2.475, getCurrentRequest before).
     */
    static final String FIELD = '''
        def stapler = jenkins.model.Jenkins.get().pluginManager.uberClassLoader.loadClass('org.kohsuke.stapler.Stapler')
        def request = (stapler.methods.find { it.name == 'getCurrentRequest2' } ?: stapler.getMethod('getCurrentRequest')).invoke(null)
        def field = { String name -> request.getParameter(name) }
    '''

    /** Runs Groovy that prints one JSON value (groovy.json.JsonOutput is on core's class path); that value. */
    Object scriptJson(String groovy) {
        new JsonSlurper().parseText(script("import groovy.json.JsonOutput\n" + groovy))
    }

    /**
     * The user's tokens as Jenkins lists them: name, uuid, useCounter. One text for every call (the users' tokens
     * all listed), so the stand-in compiles it once, as it keeps each text's classes.
     */
    List<Map> tokens(String user) {
        (scriptJson('''
            Map listed = [:]
            hudson.model.User.getAll().each { u ->
                def property = u.getProperty(jenkins.security.ApiTokenProperty)
                listed[u.id] = property == null ? [] : property.tokenList.collect { [name: it.name, uuid: it.uuid, useCounter: it.useCounter] }
            }
            print JsonOutput.toJson(listed)
        ''') as Map)[user] as List<Map> ?: []
    }

    /**
     * Makes an account whose password is its id (in Jenkins's own user database where that is the realm), with tokens
     * of these names (values unknown; no comma in a name). A user the security realm does not know cannot use a token at all: Jenkins
     * answers its requests with 500 (impersonation fails).
     */
    void user(String id, List<String> tokenNames = []) {
        String printed = script(FIELD + '''
            def realm = jenkins.model.Jenkins.get().securityRealm
            String id = field('id')
            def user = realm instanceof hudson.security.HudsonPrivateSecurityRealm ? realm.createAccount(id, id) : hudson.model.User.getById(id, true)
            def store = user.getProperty(jenkins.security.ApiTokenProperty).tokenStore
            field('tokens').tokenize(',').each { store.generateNewToken(it) }
            user.save()
        ''', [id: id, tokens: tokenNames.join(',')])
        assert !printed.trim(): "${description}: making user ${id} printed ${printed.take(300)}"
    }

    /** Whether {@code value} authenticates {@code user} now: whoAmI answers 200 with that name, or 401. */
    boolean authenticates(String user, String value) {
        Http.Answer answer = token(user, value).get('whoAmI/api/json')
        assert answer.status in [200, 401]: "${description}: whoAmI answered ${answer.status}"
        answer.status == 200 && (answer.json as Map).name == user
    }

    @Override
    String toString() {
        description
    }
}
