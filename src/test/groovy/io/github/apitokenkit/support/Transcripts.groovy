package io.github.apitokenkit.support

import java.util.concurrent.CopyOnWriteArrayList

/**
 * What the stand-in's /scriptText received and answered, as core's ScriptListener would let an audit plugin record
 * it: specs check that no created token's plaintext is ever part of either.
 */
class Transcripts {
    static final List<String> SEEN = new CopyOnWriteArrayList<>()

    static void record(String script, String output) {
        SEEN << script
        SEEN << output
    }

    static void clear() {
        SEEN.clear()
    }

    static boolean mention(String text) {
        SEEN.any { it.contains(text) }
    }
}
