package io.github.apitokenkit.launcher;

import java.io.PrintStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs one operation on every controller given: alone on a single one, or on a fleet with --parallel controllers at a
 * time, a "[n/N] url: ok" line on stderr as each finishes, and the outcomes back in the order the URLs were given.
 * A controller's failure is its outcome, never the others' end.
 */
final class Fleet {
    private Fleet() {}

    static List<Outcome> runEverywhere(Operation operation, List<URL> urls, Credentials credentials, Options options,
                                       TlsSettings tls, PrintStream verbose, PrintStream err) throws LauncherException {
        if (urls.size() == 1) {
            return List.of(runOne(operation, urls.get(0), credentials, options, tls, verbose));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallel, urls.size()));
        try {
            ExecutorCompletionService<Outcome> completion = new ExecutorCompletionService<>(pool);
            for (URL url : urls) {
                completion.submit(new Callable<Outcome>() {
                    @Override
                    public Outcome call() {
                        return runOne(operation, url, credentials, options, tls, verbose);
                    }
                });
            }
            Map<String, Outcome> byUrl = new LinkedHashMap<>();
            for (int done = 1; done <= urls.size(); done++) {
                Outcome outcome = completion.take().get();
                byUrl.put(outcome.url, outcome);
                err.println("[" + done + "/" + urls.size() + "] " + outcome.url + ": " + (outcome.ok() ? "ok" : "failed (" + Text.shown(outcome.error) + ")"));
            }
            List<Outcome> ordered = new ArrayList<>();
            for (URL url : urls) {
                ordered.add(byUrl.get(url.toString()));
            }
            return ordered;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException(ExitCode.NETWORK, "interrupted");
        } catch (ExecutionException e) {
            throw new LauncherException(ExitCode.NETWORK, "unexpected failure: " + e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome runOne(Operation operation, URL url, Credentials credentials, Options options, TlsSettings tls, PrintStream verbose) {
        try {
            return operation.run(new JenkinsClient(url, credentials, options.timeout, tls, verbose));
        } catch (LauncherException e) {
            return Outcome.failed(url.toString(), e.exitCode, e.getMessage());
        } catch (RuntimeException e) {
            return Outcome.failed(url.toString(), ExitCode.SCRIPT_FAILED, "unexpected " + e.getClass().getName() + "; this is a launcher bug: please report it");
        }
    }
}
