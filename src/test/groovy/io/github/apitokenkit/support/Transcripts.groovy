package io.github.apitokenkit.support

import hudson.ExtensionList
import hudson.model.User
import jenkins.util.ScriptListener

import java.util.concurrent.CopyOnWriteArrayList

/**
 * What Jenkins told its ScriptListeners about the scripts it ran and what they printed, as an audit plugin such as
 * Audit Trail records it: specs check that no created token's plaintext is ever part of either.
 */
class Transcripts implements ScriptListener {
    final List<String> seen = new CopyOnWriteArrayList<>()

    /** Starts listening on the running Jenkins (each Jenkins has its own extensions). */
    static Transcripts listen() {
        Transcripts transcripts = new Transcripts()
        ExtensionList.lookup(ScriptListener).add(transcripts)
        transcripts
    }

    @Override
    void onScriptExecution(String script, Binding binding, Object feature, Object context, String correlationId, User user) {
        seen << script
    }

    @Override
    void onScriptOutput(String output, Object feature, Object context, String correlationId, User user) {
        seen << output
    }

    boolean mention(String text) {
        seen.any { it.contains(text) }
    }
}
