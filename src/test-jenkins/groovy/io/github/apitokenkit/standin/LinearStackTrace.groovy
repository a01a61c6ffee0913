package io.github.apitokenkit.standin

/**
 * Formats a throwable the way core's Script Console prints it (JENKINS-FACTS.md §14): the innermost cause first,
 * each enclosing exception after it prefixed with {@code Caused: }, suppressed exceptions as {@code Also:   },
 * frames as {@code \tat …}; the whole text trimmed.
 */
class LinearStackTrace {
    static String of(Throwable t) {
        StringBuilder text = new StringBuilder()
        append(text, t, '', Collections.newSetFromMap(new IdentityHashMap<Throwable, Boolean>()))
        return text.toString().trim()
    }

    private static void append(StringBuilder text, Throwable t, String indent, Set<Throwable> seen) {
        if (!seen.add(t)) {
            text.append(indent).append('<cycle to ').append(t).append('>\n')
            return
        }
        Throwable cause = t.cause
        if (cause != null) {
            append(text, cause, indent, seen)
        }
        for (Throwable suppressed : t.suppressed) {
            text.append(indent).append('Also:   ')
            append(text, suppressed, indent + '\t', seen)
        }
        if (cause != null) {
            text.append(indent).append('Caused: ')
        }
        text.append(t.toString()).append('\n')
        for (StackTraceElement frame : t.stackTrace) {
            text.append(indent).append('\tat ').append(frame).append('\n')
        }
    }
}
