package io.github.apitokenkit.conformance

import hudson.ExtensionList
import hudson.XmlFile
import hudson.model.Saveable
import hudson.model.listeners.SaveableListener
import jenkins.model.Jenkins
import jenkins.util.ScriptListener
import org.junit.Rule
import org.junit.rules.TemporaryFolder
import spock.lang.Specification

/**
 * Core with no Jenkins running, as core's own unit tests use it (JENKINS-FACTS.md §9, §20): Jenkins.get() fails with its
 * documented message, what looks up extensions finds none, and saving tells no listener, rather than failing.
 */
class WithoutJenkinsSpec extends Specification {
    @Rule TemporaryFolder folder = new TemporaryFolder()

    def setup() {
        assert Jenkins.getInstanceOrNull() == null
    }

    def '§20 ExtensionList.lookup with no Jenkins answers an empty list; lookupSingleton says it found none'() {
        when:
        ExtensionList<SaveableListener> listeners = ExtensionList.lookup(SaveableListener)

        then:
        listeners.isEmpty()
        ExtensionList.lookup(ScriptListener).isEmpty()

        when: 'what is added to such a list stays in that list'
        listeners.add({ Saveable o, XmlFile f -> } as SaveableListener)

        then:
        listeners.size() == 1
        ExtensionList.lookup(SaveableListener).isEmpty()

        when:
        ExtensionList.lookupSingleton(SaveableListener)

        then: 'worded otherwise (since 2.430) once a test harness has set core\'s unit-test mode (hudson.Main.isUnitTest)'
        IllegalStateException e = thrown()
        e.message == 'Expected 1 instance of hudson.model.listeners.SaveableListener but got 0' ||
                e.message.startsWith('Found no instances of hudson.model.listeners.SaveableListener registered (possible annotation processor issue)')
    }

    def '§9 Jenkins.get() fails with the documented message when there is no Jenkins; getInstanceOrNull() is null'() {
        when:
        Jenkins none = Jenkins.getInstanceOrNull()
        Jenkins.get()

        then:
        IllegalStateException e = thrown()
        none == null
        e.message == 'Jenkins.instance is missing. Read the documentation of Jenkins.getInstanceOrNull to see what you are doing wrong.'
    }

    def '§20 with no Jenkins, the events of a save and of a script tell no listener and fail nothing'() {
        given: 'a file written with no Jenkins, as core\'s unit ApiTokenStatsTest saves its statistics'
        XmlFile file = new XmlFile(new File(folder.root, 'x.xml'))
        file.write([a: 1])

        when:
        SaveableListener.fireOnChange({ -> } as Saveable, file)
        // Groovy 2.4 cannot call an interface's static method: the events are fired as a Java caller fires them.
        ScriptListener.getMethod('fireScriptExecution', String, Binding, Object, Object, String, hudson.model.User)
                .invoke(null, '1', new Binding(), 'spec', null, 'id', null)
        ScriptListener.getMethod('fireScriptOutput', String, Object, Object, String, hudson.model.User)
                .invoke(null, '1', 'spec', null, 'id', null)

        then:
        notThrown(Throwable)
        file.read() == [a: 1]
    }
}
