package io.github.apitokenkit.standin;

/**
 * Stand-in plumbing, not a Jenkins class: lets the sandbox end with the process that started it. In Java because
 * Groovy 2.4 cannot call a static method of an interface (ProcessHandle.current()): its call site fails to verify.
 */
public final class ParentProcess {
    private ParentProcess() {}

    /**
     * A latch that Ctrl-C, SIGTERM or the end of the parent process opens, whichever comes first: how a server started
     * for a command line (the sandbox, a real Jenkins kept for one) knows to stop in order. Made before the server says
     * it is up, so a signal sent as soon as it has said so is never the default one that ends the JVM unordered.
     */
    public static java.util.concurrent.CountDownLatch stopRequest() {
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        for (String name : new String[] {"INT", "TERM"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.countDown());
        }
        onExit(stop::countDown);
        return stop;
    }

    /** Runs {@code action} once the parent process has ended (at once if it already has). */
    public static void onExit(Runnable action) {
        ProcessHandle.current().parent().ifPresentOrElse(parent -> parent.onExit().thenRun(action), action);
    }
}
