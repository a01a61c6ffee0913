package io.github.apitokenkit.support

/** What the Jenkins CLI client would show of a command: its exit code, stdout and stderr (JenkinsSide.cli). */
class CliOutcome {
    int exitCode
    String stdout
    String stderr
}
