package io.github.apitokenkit.support

import java.nio.file.Files

/** The stand-in sandbox as a {@link Controller}: its own process on a home of its own, restarted on that home. */
class SandboxController extends Controller {
    private SandboxProcess process
    private final StringBuilder previousLogs = new StringBuilder()
    private final boolean ownHome

    private SandboxController(File home, boolean ownHome) {
        this.home = home
        this.ownHome = ownHome
        process = SandboxProcess.start(home)
        url = process.url
    }

    /** A sandbox on a new temporary home, deleted at {@link #close()}; {@code prepare} may write into it first. */
    static SandboxController start(Closure prepare = {}) {
        File home = Files.createTempDirectory('sandbox-controller').toFile()
        prepare(home)
        new SandboxController(home, true)
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
        process = SandboxProcess.start(home, url.port)
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
