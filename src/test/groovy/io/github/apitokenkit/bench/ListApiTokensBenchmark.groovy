package io.github.apitokenkit.bench

import hudson.BulkChange
import hudson.model.Hudson
import hudson.model.User
import hudson.security.ACL
import io.github.apitokenkit.launcher.RemoteScript
import io.github.apitokenkit.support.Kit
import io.github.apitokenkit.standin.ScriptConsole
import jenkins.model.Jenkins
import jenkins.security.ApiTokenProperty

import java.nio.file.Files

/**
 * Benchmark, not a test: list-api-tokens over N users with 5 tokens each, run as the launcher sends it, in JSON
 * and in text. Prints the median wall time of 5 runs (after 2 warm-ups). It runs in a 256 MB heap (-Xmx256m, pom.xml),
 * the script's side and the reading of its answer together: finishing at all shows the listing fits in it.
 * Run with: mvn -B -q test-compile exec:exec@bench-list -Dbench.users=1000
 */
class ListApiTokensBenchmark {
    static void main(String[] args) {
        int users = args ? args[0] as int : 1000
        File home = Files.createTempDirectory('bench-home').toFile()
        Jenkins jenkins = new Hudson(home, null)
        def context = ACL.as2(ACL.SYSTEM2)
        try {
            long setupStart = System.nanoTime()
            (1..users).each { int i ->
                User user = User.getById("user-${i}", true)
                BulkChange change = new BulkChange(user)
                ApiTokenProperty tokens = user.getProperty(ApiTokenProperty)
                (1..5).each { tokens.generateNewToken("token-${it}") }
                change.commit()
            }
            System.out.printf('set up %d users x 5 tokens in %.1f s%n', users, (System.nanoTime() - setupStart) / 1e9)
            ['json', 'text'].each { String format -> measure(users, format) }
        } finally {
            context.close()
            jenkins.cleanUp()
            home.deleteDir()
        }
    }

    static void measure(int users, String format) {
        String source = Kit.source('list-api-tokens')
        List<Double> seconds = []
        long outputLength = 0
        System.gc()
        (1..7).each { int run ->
            String nonce = RemoteScript.newNonce()
            String posted = RemoteScript.build('list-api-tokens', source, [format: format], nonce, null)
            long start = System.nanoTime()
            String output = ScriptConsole.run(posted, ACL.SYSTEM2)
            double elapsed = (System.nanoTime() - start) / 1e9
            RemoteScript.Result result = RemoteScript.read(output, nonce)
            assert result.ok && result.value.tokens.size() == users * 5
            outputLength = output.length()
            if (run > 2) {
                seconds << elapsed
            }
        }
        System.out.printf('%-5s %6d users: median %.3f s over 5 runs, output %.1f MB, in a heap of at most %d MB%n',
                format, users, seconds.sort()[2], outputLength / 1e6, Runtime.runtime.maxMemory().intdiv(1024 * 1024))
    }
}
