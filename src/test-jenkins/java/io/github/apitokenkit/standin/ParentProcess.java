package io.github.apitokenkit.standin;

/**
 * Stand-in plumbing, not a Jenkins class: lets the sandbox end with the process that started it. In Java because
 * Groovy 2.4 cannot call a static method of an interface (ProcessHandle.current()): its call site fails to verify.
 */
public final class ParentProcess {
    private ParentProcess() {}

    /** Runs {@code action} once the parent process has ended (at once if it already has). */
    public static void onExit(Runnable action) {
        ProcessHandle.current().parent().ifPresentOrElse(parent -> parent.onExit().thenRun(action), action);
    }
}
