// Stand-in of org.jvnet.hudson.reactor.ReactorException (Jenkins's task-reactor library): the checked exception that
// Jenkins.reload() declares for a failed boot task. Only the reactor creates one, so it has no public constructor;
// the stand-in's reload has no reactor and never throws it.
package org.jvnet.hudson.reactor;

public class ReactorException extends Exception {
    ReactorException(Throwable cause) {
        super(cause);
    }
}
