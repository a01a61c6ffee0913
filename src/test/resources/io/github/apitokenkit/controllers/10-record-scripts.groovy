/*
 * What an audit plugin sees: every script Jenkins runs and what it prints, through core's ScriptListener (2.427),
 * appended with its binding's values to $JENKINS_HOME/scripts-seen.txt, so a spec can show a value never reached it.
 */
import hudson.ExtensionList
import hudson.model.User
import jenkins.model.Jenkins
import jenkins.util.ScriptListener

class RecordScripts implements ScriptListener {
    File file

    void onScriptExecution(String script, Binding binding, Object feature, Object context, String correlationId, User user) {
        record(script + '\n' + (binding == null ? '' : binding.variables.values().join('\n')))
    }

    void onScriptOutput(String output, Object feature, Object context, String correlationId, User user) {
        record(output)
    }

    synchronized void record(String text) {
        file.append(text + '\n<end>\n', 'UTF-8')
    }
}

ExtensionList.lookup(ScriptListener).add(new RecordScripts(file: new File(Jenkins.get().rootDir, 'scripts-seen.txt')))
