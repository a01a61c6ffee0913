package io.github.apitokenkit.launcher;

/** A failure the launcher reports as one line and an exit code (see {@link ExitCode}). */
class LauncherException extends Exception {
    final int exitCode;

    LauncherException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
