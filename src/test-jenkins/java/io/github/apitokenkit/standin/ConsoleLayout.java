package io.github.apitokenkit.standin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.TimeZone;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Stand-in plumbing, not a Jenkins class: the layout of a real Jenkins's console log (JENKINS-FACTS.md §20), which
 * Winstone's launcher gives the root console handler when no {@code java.util.logging.config.file} is set, from
 * jenkinsci/lib-support-log-formatter's SupportLogFormatter. One record is one line,
 * {@code 2026-12-07 19:08:20.123+0000 [id=42]\tWARNING\tj.util.groovy.GroovyHookScript#execute: message}: the time
 * in UTC to the millisecond, the thread id, the level, the source class with its packages cut to their first letter
 * from the left until it fits in 32 characters, then "#" and the method (40 characters and no method when the method
 * is unknown; the logger's name when the class is), and the message, whose inner line breaks start a new line marked
 * {@code [LF]> }, {@code [CR]> } or {@code [CRLF]> }. Left out: the throwable is printed as
 * {@code printStackTrace} prints it, where the real layout puts the innermost cause first.
 */
public final class ConsoleLayout extends Formatter {
    private static final ThreadLocal<SimpleDateFormat> TIME = ThreadLocal.withInitial(() -> {
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss.SSSZ");
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        return format;
    });

    /** Gives the root logger's console handlers this layout, as Winstone does, unless a logging configuration is named. */
    public static void install() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            if (handler instanceof ConsoleHandler) {
                handler.setFormatter(new ConsoleLayout());
            }
        }
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(TIME.get().format(new Date(record.getMillis())));
        line.append(" [id=").append(record.getLongThreadID()).append("]\t").append(record.getLevel().getName()).append('\t');
        String source = record.getSourceClassName() != null ? record.getSourceClassName() : record.getLoggerName();
        if (record.getSourceMethodName() != null) {
            line.append(shortened(source, 32)).append('#').append(record.getSourceMethodName());
        } else {
            line.append(shortened(source, 40));
        }
        String message = formatMessage(record);
        if (message != null) {
            line.append(": ").append(markedBreaks(message));
        }
        line.append('\n');
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** The class name with its packages, left to right, cut to one letter until it is no longer than {@code width}. */
    static String shortened(String name, int width) {
        if (name == null) {
            return "-";
        }
        String[] parts = name.split("\\.", -1);
        int length = name.length();
        for (int i = 0; i < parts.length - 1 && length > width; i++) {
            if (parts[i].length() > 1) {
                length -= parts[i].length() - 1;
                parts[i] = parts[i].substring(0, 1);
            }
        }
        return String.join(".", parts);
    }

    /** Each line break inside the message starts a new line that says which break it was; a final one is kept. */
    static String markedBreaks(String message) {
        StringBuilder marked = new StringBuilder();
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            boolean crlf = c == '\r' && i + 1 < message.length() && message.charAt(i + 1) == '\n';
            if (c != '\n' && c != '\r') {
                marked.append(c);
                continue;
            }
            int end = crlf ? i + 2 : i + 1;
            if (end >= message.length()) {
                marked.append(crlf ? System.lineSeparator() : String.valueOf(c));
                break;
            }
            marked.append(System.lineSeparator()).append(crlf ? "[CRLF]" : c == '\n' ? "[LF]" : "[CR]").append("> ");
            i = end - 1;
        }
        return marked.toString();
    }
}
