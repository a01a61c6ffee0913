package io.github.apitokenkit.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * What a kit script declares in its header, the comment its text opens with (up to the first {@code *}{@code /}): its
 * Secrets line and the parameters it documents, one a line as {@code " *   name  what it does"}. Read with plain
 * string searches: the launcher reads the header on its way to a call's first request, where the first regular
 * expression of a cold JVM costs it more than the whole header does.
 */
final class ScriptHeader {
    private ScriptHeader() {}

    /**
     * Whether the script may print a token value, so that it needs a sealing key: yes unless its header's first
     * {@code Secrets:} line says "none" (a script without that line gets a key). The line is the script's own
     * declaration, kept true by a conventions spec.
     */
    static boolean printsSecrets(String source) {
        for (String line : lines(source)) {
            if (line.startsWith(" * Secrets:")) {
                String said = line.substring(" * Secrets:".length());
                return said.isEmpty() || !isSpace(said.charAt(0)) || !said.stripLeading().startsWith("none");
            }
        }
        return true;
    }

    /** Whether the header documents this parameter: a line of its own starting {@code " *"}, blanks, then the name. */
    static boolean documents(String source, String parameter) {
        for (String line : lines(source)) {
            if (line.length() > 2 && line.startsWith(" *") && isSpace(line.charAt(2))) {
                String rest = line.substring(2).stripLeading();
                if (rest.startsWith(parameter) && (rest.length() == parameter.length() || isSpace(rest.charAt(parameter.length())))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The header's lines, none if the text has no comment end: split where Java's regular expressions end a line. */
    private static List<String> lines(String source) {
        int end = source.indexOf("*/");
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < end; i++) {
            char c = source.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                lines.add(source.substring(start, i));
                if (c == '\r' && i + 1 < end && source.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (end >= 0) {
            lines.add(source.substring(start, end));
        }
        return lines;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\u000B';
    }
}
