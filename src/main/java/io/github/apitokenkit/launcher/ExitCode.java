package io.github.apitokenkit.launcher;

/** The launcher's exit codes, as --help lists them. */
final class ExitCode {
    static final int OK = 0;
    static final int SCRIPT_FAILED = 1;
    static final int USAGE = 2;
    static final int NOT_JENKINS = 3;
    static final int REFUSED = 4;
    static final int NETWORK = 5;
    static final int FINDINGS = 6;

    static final String HELP = String.join("\n",
            "Exit codes:",
            "  0  ok",
            "  1  the script reported a failure or threw, or the launcher itself failed unexpectedly",
            "  2  usage error: nothing was sent",
            "  3  not talking to Jenkins: no X-Jenkins header, 404, 405 or a redirect (check the URL and its context path)",
            "  4  authentication or permission refused (401, 403)",
            "  5  network, TLS, timeout, a 5xx, or an answer cut off: whether a change was made is unknown",
            "  6  all went well, and a finding is at or above --fail-on (audit-api-tokens); any other failure's code wins",
            "");

    private ExitCode() {}
}
