package io.github.apitokenkit.standin;

import java.io.IOException;
import java.net.URL;
import java.util.Iterator;
import java.util.ServiceLoader;
import jenkins.model.Jenkins;

/**
 * Stand-in plumbing, not a Jenkins class: the HTTP side of a stand-in Jenkins, as {@code JenkinsRule.getURL()} and
 * the sandbox start it. The implementation lives with the test sources (it runs scripts through the same
 * ScriptConsole runner as the specs) and is found through {@link ServiceLoader}.
 */
public interface WebServer extends AutoCloseable {
    /** The root URL, with the context path and a trailing slash: {@code http://127.0.0.1:<port>/jenkins/}. */
    URL getUrl();

    /** Stops serving; requests in flight are finished first. */
    @Override
    void close();

    interface Factory {
        WebServer start(Jenkins jenkins, int port) throws IOException;
    }

    /** Serves {@code jenkins} on 127.0.0.1; port 0 picks a free one. */
    static WebServer start(Jenkins jenkins, int port) throws IOException {
        Iterator<Factory> factories = ServiceLoader.load(Factory.class, WebServer.class.getClassLoader()).iterator();
        if (!factories.hasNext()) {
            throw new IllegalStateException("No " + Factory.class.getName() + " on the class path");
        }
        return factories.next().start(jenkins, port);
    }
}
