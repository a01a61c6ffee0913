package io.github.apitokenkit.support

import java.nio.file.Files

/** The stand-in sandbox as a {@link Controller}: its own process on a home of its own, restarted on that home. */
class SandboxController extends Controller {
    private SandboxProcess process
    private final StringBuilder previousLogs = new StringBuilder()
    private final boolean ownHome

    private final List<String> jvmOptions

    private SandboxController(File home, boolean ownHome, List<String> jvmOptions) {
        this.home = home
        this.ownHome = ownHome
        this.jvmOptions = jvmOptions
        process = SandboxProcess.start(home, SandboxProcess.freePort(), jvmOptions)
        url = process.url
    }

    /**
     * A sandbox on a new temporary home, deleted at {@link #close()}; {@code prepare} may write into it first and
     * return options for its JVM.
     */
    static SandboxController start(Closure<List<String>> prepare = { [] }) {
        File home = Files.createTempDirectory('sandbox-controller').toFile()
        List<String> jvmOptions = prepare(home) ?: []
        new SandboxController(home, true, jvmOptions)
    }

    @Override
    String getDescription() {
        'the stand-in sandbox'
    }

    @Override
    String getLog() {
        previousLogs.toString() + process.output.toString()
    }

    @Override
    void restart() {
        process.stop()
        previousLogs.append(process.output)
        process = SandboxProcess.start(home, url.port, jvmOptions)
        assert process.url == url
    }

    @Override
    void close() {
        try {
            process.stop()
        } finally {
            if (ownHome) {
                home.deleteDir()
            }
        }
    }
}
