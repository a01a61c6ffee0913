package io.github.apitokenkit.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** picocli with annotations doing OwnOptions's work: the launcher's options, then command and name=value words. */
public final class PicocliOptions {
    @Command(name = "api-token-kit")
    static final class Line {
        @Option(names = "--url") List<String> urls = new ArrayList<>();
        @Option(names = "--urls") String urlsFile;
        @Option(names = "--auth") String auth;
        @Option(names = "--cacert") String cacert;
        @Option(names = "--output") String output;
        @Option(names = "--param-file") Map<String, String> parameterFiles = new LinkedHashMap<>();
        @Option(names = "--timeout") int timeout = 30;
        @Option(names = "--parallel") int parallel = 4;
        @Option(names = "--insecure") boolean insecure;
        @Option(names = "--json") boolean json;
        @Option(names = "--verbose") boolean verbose;
        @Parameters List<String> words = new ArrayList<>();
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        Line line = new Line();
        new CommandLine(line).parseArgs(args);
        String command = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String word : line.words) {
            if (command == null) {
                command = word;
            } else if (word.indexOf('=') > 0) {
                parameters.put(word.substring(0, word.indexOf('=')), word.substring(word.indexOf('=') + 1));
            }
        }
        System.out.println((System.nanoTime() - start) / 1000 + " us " + command + " " + parameters);
    }
}
