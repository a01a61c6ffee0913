// Stand-in of org.jvnet.hudson.test.JenkinsRule (jenkins-test-harness 2578.v44660312fd37): a fresh Jenkins per test
// in its own temporary JENKINS_HOME, the test body running as SYSTEM, createDummySecurityRealm() (password equals
// user name), and restart() that stops and starts a new instance on the same home, so everything is read back from
// disk. getURL() serves this Jenkins over real HTTP on 127.0.0.1 under the /jenkins/ context path: it starts the HTTP
// stand-in where the real harness starts Jetty (on first use; stopped with the instance, a new port after restart).
// The HtmlUnit web client, agents and builds are left out.
package org.jvnet.hudson.test;

import io.github.apitokenkit.standin.InitHook;

import hudson.model.Hudson;
import hudson.security.ACL;
import hudson.security.AbstractPasswordBasedSecurityRealm;
import hudson.security.SecurityRealm;
import io.github.apitokenkit.standin.http.HttpStandIn;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import jenkins.model.Jenkins;
import org.junit.rules.TestRule;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

public class JenkinsRule implements TestRule {
    public Jenkins jenkins;
    private File home;
    private HttpStandIn webServer;

    public JenkinsRule() {}

    @Override
    public Statement apply(Statement base, Description description) {
        return new Statement() {
            @Override
            public void evaluate() throws Throwable {
                before();
                try {
                    ACL.impersonate2(ACL.SYSTEM2);
                    base.evaluate();
                } finally {
                    SecurityContextHolder.clearContext();
                    after();
                    deleteHome();
                }
            }
        };
    }

    public void before() throws Throwable {
        if (home == null) {
            home = Files.createTempDirectory("jenkins-home").toFile();
        }
        jenkins = new Hudson(home, null);
        // As core does at every start, restart() included (its reactor's GroovyInitScript milestone): the init hook
        // over $JENKINS_HOME/init.groovy.d. A script whose failure escapes the hook fails the start, as it fails a boot.
        new InitHook().run(new File(home, "init.groovy.d"));
    }

    public void after() throws Exception {
        if (webServer != null) {
            webServer.close();
            webServer = null;
        }
        if (jenkins != null) {
            jenkins.cleanUp();
            jenkins = null;
        }
    }

    public Jenkins getInstance() {
        return jenkins;
    }

    /** The root URL of this Jenkins, e.g. {@code http://127.0.0.1:41234/jenkins/}: never assume Jenkins sits at /. */
    public URL getURL() throws IOException {
        if (webServer == null) {
            webServer = new HttpStandIn(jenkins, 0);
        }
        return webServer.getUrl();
    }

    /** Stops this Jenkins and starts a new one on the same JENKINS_HOME: whatever was not saved is gone. */
    @Deprecated
    public void restart() throws Throwable {
        after();
        before();
    }

    public DummySecurityRealm createDummySecurityRealm() {
        return new DummySecurityRealm();
    }

    private void deleteHome() throws IOException {
        if (home == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(home.toPath())) {
            List<Path> deepestFirst = new ArrayList<>();
            paths.sorted(Comparator.reverseOrder()).forEach(deepestFirst::add);
            for (Path p : deepestFirst) {
                Files.deleteIfExists(p);
            }
        }
        home = null;
    }

    /** A realm in which logging in succeeds when the password equals the user name. */
    public static class DummySecurityRealm extends AbstractPasswordBasedSecurityRealm {
        private final Map<String, Set<String>> groupsByUser = new HashMap<>();

        DummySecurityRealm() {}

        @Override
        protected UserDetails authenticate2(String username, String password) throws AuthenticationException {
            if (username.equals(password)) {
                return loadUserByUsername2(username);
            }
            throw new BadCredentialsException(username);
        }

        @Override
        public UserDetails loadUserByUsername2(String username) throws UsernameNotFoundException {
            List<GrantedAuthority> authorities = new ArrayList<>();
            authorities.add(SecurityRealm.AUTHENTICATED_AUTHORITY2);
            synchronized (groupsByUser) {
                for (String group : groupsByUser.getOrDefault(username, Set.of())) {
                    authorities.add(new SimpleGrantedAuthority(group));
                }
            }
            return new org.springframework.security.core.userdetails.User(username, "", true, true, true, true, authorities);
        }

        public void addGroups(String username, String... groups) {
            synchronized (groupsByUser) {
                groupsByUser.computeIfAbsent(username, u -> new TreeSet<>()).addAll(List.of(groups));
            }
        }
    }
}
