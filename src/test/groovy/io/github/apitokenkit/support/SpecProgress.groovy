package io.github.apitokenkit.support

import org.spockframework.runtime.extension.IGlobalExtension
import org.spockframework.runtime.extension.IMethodInterceptor
import org.spockframework.runtime.extension.IMethodInvocation
import org.spockframework.runtime.model.SpecInfo

import java.util.concurrent.TimeUnit

/**
 * Where a long spec class is: Maven prints a class when it starts and when it ends, and one that runs for long would
 * otherwise leave the build silent meanwhile. Every {@link #EVERY} of a class's run, a line names the class, how long
 * it has run, and the feature it is at. Registered for every spec in META-INF/services.
 */
class SpecProgress implements IGlobalExtension {
    static final long EVERY = TimeUnit.SECONDS.toNanos(10)

    /** One spec class's run: the times are System.nanoTime() values, passed in so that a spec can set them. */
    static class Run {
        final String spec
        final int features
        final long started
        long lastLine
        volatile String feature = ''
        volatile int featureNumber

        Run(String spec, int features, long started) {
            this.spec = spec
            this.features = features
            this.started = started
            this.lastLine = started
        }

        void at(String feature, int number) {
            this.feature = feature
            this.featureNumber = number
        }

        /** The line to print now, or null before EVERY has passed since the class started or since the last line. */
        synchronized String due(long now) {
            if (now - lastLine < EVERY) {
                return null
            }
            lastLine = now
            String at = featureNumber == 0 ? 'starting' : "at feature ${featureNumber} of ${features}: ${feature}"
            return "[spec progress] ${spec}, ${TimeUnit.NANOSECONDS.toSeconds(now - started)} s, ${at}"
        }
    }

    /** The test JVM's own output, kept at start: specs swap System.out to capture what a script prints. */
    private PrintStream console

    @Override
    void start() {
        console = System.out
    }

    @Override
    void stop() {}

    /** Prints the line due now, if any, where the build's output goes, whatever System.out a spec has put in place. */
    void report(Run run, long now) {
        String line = run.due(now)
        if (line != null) {
            console.println(line)
        }
    }

    @Override
    void visitSpec(SpecInfo spec) {
        List<String> features = spec.allFeaturesInExecutionOrder*.name
        Run run = null
        spec.allFeatures.each { feature ->
            int number = features.indexOf(feature.name) + 1
            feature.addIterationInterceptor({ IMethodInvocation invocation ->
                run?.at(invocation.iteration.name, number)
                invocation.proceed()
            } as IMethodInterceptor)
        }
        spec.addInterceptor({ IMethodInvocation invocation ->
            run = new Run(spec.name, features.size(), System.nanoTime())
            Thread watcher = Thread.startDaemon('spec progress') {
                try {
                    while (true) {
                        Thread.sleep(1000)
                        report(run, System.nanoTime())
                    }
                } catch (InterruptedException classDone) {
                    // nothing more to say
                }
            }
            try {
                invocation.proceed()
            } finally {
                watcher.interrupt()
            }
        } as IMethodInterceptor)
    }
}
