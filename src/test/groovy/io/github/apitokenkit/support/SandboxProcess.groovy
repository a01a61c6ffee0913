package io.github.apitokenkit.support

import java.util.concurrent.TimeUnit

/** The sandbox as its own process, as a person runs it: started on a free port, read until it prints its URL. */
class SandboxProcess {
    Process process
    URL url
    StringBuffer output = new StringBuffer()
    Thread reader

    static List<String> command(List<String> args, List<String> jvmOptions = []) {
        java('io.github.apitokenkit.standin.Sandbox', jvmOptions) + args
    }

    /**
     * A JVM on the specs' class path running {@code mainClass}, opened as the stand-in needs (the pom's
     * jenkins.addOpens). It skips the optimising compiler and runs one GC thread, as the test JVM does: it lives for
     * seconds on a machine of two cores.
     */
    static List<String> java(String mainClass, List<String> jvmOptions = []) {
        [new File(System.getProperty('java.home'), 'bin/java').path, '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC',
         '--add-opens', 'java.base/java.lang=ALL-UNNAMED', '--add-opens', 'java.base/java.io=ALL-UNNAMED',
         '--add-opens', 'java.base/java.util=ALL-UNNAMED'] + jvmOptions + ['-cp', System.getProperty('java.class.path'), mainClass]
    }

    static SandboxProcess start(File home, int port = freePort(), List<String> jvmOptions = []) {
        List<String> args = ['--port', String.valueOf(port)] + (home == null ? [] : ['--home', home.path])
        SandboxProcess sandbox = new SandboxProcess(process: new ProcessBuilder(command(args, jvmOptions)).redirectErrorStream(true).start())
        BufferedReader reader = new BufferedReader(new InputStreamReader(sandbox.process.inputStream, 'UTF-8'))
        String line
        while ((line = reader.readLine()) != null) {
            sandbox.output.append(line).append('\n')
            if (line.startsWith('Logins:')) {
                break
            }
        }
        String started = sandbox.output.find(/sandbox at (\S+)/) { all, u -> u }
        assert started: "the sandbox did not start:\n${sandbox.output}"
        sandbox.url = new URL(started)
        sandbox.reader = Thread.start { reader.eachLine { sandbox.output.append(it).append('\n') } }
        return sandbox
    }

    /** Sends SIGTERM, waits for the process to end and for all of its output; its exit status. */
    int stop() {
        // Process.destroy() would also close our end of the pipe; the handle only sends the signal.
        process.toHandle().destroy()
        assert process.waitFor(60, TimeUnit.SECONDS)
        reader.join()
        return process.exitValue()
    }

    static int freePort() {
        new ServerSocket(0).withCloseable { it.localPort }
    }
}
