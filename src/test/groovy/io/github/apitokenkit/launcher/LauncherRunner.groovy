package io.github.apitokenkit.launcher

/** Runs the launcher's own entry point in the spec's JVM, as its process would, and keeps what it printed. */
class LauncherRunner {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream()
    private final ByteArrayOutputStream err = new ByteArrayOutputStream()

    /** The exit code of one call with this environment and these arguments (no terminal: nothing is prompted). */
    int launch(Map<String, String> env, List<String> args) {
        out.reset()
        err.reset()
        Main.run(args as String[], new PrintStream(out, true, 'UTF-8'), new PrintStream(err, true, 'UTF-8'), env, null)
    }

    String stdout() {
        out.toString('UTF-8')
    }

    String stderr() {
        err.toString('UTF-8')
    }
}
