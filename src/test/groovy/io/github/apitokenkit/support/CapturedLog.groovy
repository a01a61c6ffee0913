package io.github.apitokenkit.support

import java.util.logging.Handler
import java.util.logging.Level
import java.util.logging.LogRecord
import java.util.logging.Logger

/**
 * Records what one logger (and its children) publishes while it is open, so specs can assert on warnings and
 * prove that secrets never reach a log. Close it to detach.
 */
class CapturedLog implements Closeable {
    private final Logger logger
    private final Level previousLevel
    private final RecordingHandler handler = new RecordingHandler()

    CapturedLog(String loggerName, Level level = Level.ALL) {
        logger = Logger.getLogger(loggerName)
        previousLevel = logger.level
        handler.level = level
        logger.level = level
        logger.addHandler(handler)
    }

    List<LogRecord> getRecords() {
        return handler.snapshot()
    }

    List<LogRecord> at(Level level) {
        getRecords().findAll { it.level == level }
    }

    /** Every message with its parameters filled in and its exception's text: what an administrator would read. */
    String getText() {
        getRecords().collect { LogRecord r ->
            String message = r.parameters ? java.text.MessageFormat.format(r.message, r.parameters) : r.message
            r.thrown ? "${message}\n${stackTraceOf(r.thrown)}" : message
        }.join('\n')
    }

    private static String stackTraceOf(Throwable t) {
        StringWriter w = new StringWriter()
        t.printStackTrace(new PrintWriter(w))
        return w.toString()
    }

    @Override
    void close() {
        logger.removeHandler(handler)
        logger.level = previousLevel
    }

    private static class RecordingHandler extends Handler {
        private final List<LogRecord> records = []

        @Override
        synchronized void publish(LogRecord record) {
            records.add(record)
        }

        synchronized List<LogRecord> snapshot() {
            return new ArrayList<LogRecord>(records)
        }

        @Override
        void flush() {}

        @Override
        void close() {}
    }
}
