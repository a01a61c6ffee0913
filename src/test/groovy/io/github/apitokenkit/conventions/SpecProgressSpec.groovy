package io.github.apitokenkit.conventions

import io.github.apitokenkit.support.SpecProgress
import org.spockframework.runtime.extension.IGlobalExtension
import spock.lang.Specification

import java.util.concurrent.TimeUnit

/** The build is never silent for long: a spec class that runs on says, every ten seconds, where it is. */
class SpecProgressSpec extends Specification {
    static long seconds(long s) { TimeUnit.SECONDS.toNanos(s) }

    def 'a line every ten seconds of a class\'s run, naming the class, its time and the feature it is at'() {
        given:
        long start = 1_000_000
        SpecProgress.Run run = new SpecProgress.Run('HostileValuesSpec', 29, start)

        expect: 'nothing before ten seconds'
        run.due(start + seconds(9)) == null

        and:
        run.due(start + seconds(10)) == '[spec progress] HostileValuesSpec, 10 s, starting'

        when:
        run.at('create-api-token: every hostile name is refused in one line or taken literally', 3)

        then: 'the next line comes ten seconds after the last one'
        run.due(start + seconds(15)) == null
        run.due(start + seconds(21)) ==
                '[spec progress] HostileValuesSpec, 21 s, at feature 3 of 29: create-api-token: every hostile name is refused in one line or taken literally'
        run.due(start + seconds(30)) == null
    }

    def 'the line goes to the build\'s output, never into the output a spec captures by swapping System.out'() {
        given:
        PrintStream original = System.out
        ByteArrayOutputStream build = new ByteArrayOutputStream()
        ByteArrayOutputStream captured = new ByteArrayOutputStream()
        SpecProgress progress = new SpecProgress()
        SpecProgress.Run run = new SpecProgress.Run('HostileValuesSpec', 3, 0)

        when:
        try {
            System.out = new PrintStream(build, true, 'UTF-8')
            progress.start()
            System.out = new PrintStream(captured, true, 'UTF-8')
            progress.report(run, seconds(10))
        } finally {
            System.out = original
        }

        then:
        build.toString('UTF-8') == '[spec progress] HostileValuesSpec, 10 s, starting\n'
        captured.size() == 0
    }

    def 'Spock finds it as a global extension, so it watches every spec class'() {
        expect:
        ServiceLoader.load(IGlobalExtension, getClass().classLoader)*.class.contains(SpecProgress)
    }
}
