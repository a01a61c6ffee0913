package io.github.apitokenkit.controllers

import io.github.apitokenkit.support.RealJenkins
import spock.lang.AutoCleanup
import spock.lang.Specification

/**
 * The real controller the real tier starts: secured by its init script at every boot, the version of its war, ended
 * with the test JVM however that ends, and a start that fails or cannot happen explained in one line.
 */
class RealJenkinsIT extends Specification {
    @AutoCleanup RealJenkins jenkins
    @AutoCleanup('destroyForcibly') Process stand

    def 'it comes up secured by its init script, and a restart on the same home comes up secured the same way'() {
        given:
        jenkins = RealJenkins.start()
        String war = RealJenkins.warFromProperty().name

        expect:
        war.contains(jenkins.version)
        secured()

        when:
        jenkins.restart()

        then:
        secured()
        new File(jenkins.home, 'config.xml').text.contains('<denyAnonymousReadAccess>true</denyAnonymousReadAccess>')
    }

    /** Anonymous may not read, alice may read but not run scripts, admin may. */
    boolean secured() {
        String alice = jenkins.generateThroughRest('alice', 'probe')
        assert jenkins.anonymous().get('api/json').status in [401, 403]
        assert jenkins.token('alice', alice).get('api/json').status == 200
        assert jenkins.token('alice', alice).post('scriptText', [script: 'print 1']).status == 403
        assert jenkins.script('print 6 * 7') == '42'
        true
    }

    def 'it ends by itself when the JVM that started it ends, however that ends'() {
        given: 'a process standing for the test JVM'
        stand = new ProcessBuilder('sleep', '600').start()
        jenkins = RealJenkins.start { File home -> ["-DapiTokenKit.testJvm=${stand.pid()}".toString()] }

        when:
        stand.destroyForcibly().waitFor()

        then:
        jenkins.endsWithin(60)
    }

    def 'a start that fails says why in one line, with the tail of its log, and leaves no process'() {
        when:
        RealJenkins.start { File home ->
            new File(home, 'config.xml').text = '<?xml version="1.1"?>\n<hudson><authorizationStrategy class="no.such.Strategy"/></hudson>\n'
            []
        }

        then:
        IllegalStateException refused = thrown()
        refused.message.readLines().size() == 1
        refused.message.contains('did not start (it reported a boot failure')
        refused.message.contains('no.such.Strategy')
    }

    def 'a war or a Java that cannot do is refused in one line before anything starts'() {
        given:
        String given = System.getProperty(RealJenkins.JAVA_PROPERTY)

        when:
        RealJenkins.JavaForWar.compiledFor(new File('pom.xml'))

        then:
        IllegalStateException notAWar = thrown()
        notAWar.message == 'pom.xml: no WEB-INF/lib/jenkins-core-*.jar with jenkins/model/Jenkins.class: not a jenkins.war'

        when:
        System.setProperty(RealJenkins.JAVA_PROPERTY, '/nonexistent/jdk')
        RealJenkins.JavaForWar.find(RealJenkins.warFromProperty())

        then:
        IllegalStateException noJava = thrown()
        noJava.message ==~ /-Djenkins.java=\/nonexistent\/jdk is not a Java \d+ or newer, which jenkins[^ ]*\.war needs/

        cleanup:
        given == null ? System.clearProperty(RealJenkins.JAVA_PROPERTY) : System.setProperty(RealJenkins.JAVA_PROPERTY, given)
    }
}
