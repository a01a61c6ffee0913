package io.github.apitokenkit.support

/** A program of this machine run as a person runs it from a shell, for the specs that use the clients administrators have. */
class Command {
    /** Runs {@code command}; what it printed on stdout. Fails the spec, with what it printed on stderr, unless it exits 0. */
    static String run(List<String> command) {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start()
        String output = process.inputStream.getText('UTF-8')
        String errors = process.errorStream.getText('UTF-8')
        assert process.waitFor() == 0: errors
        output
    }
}
