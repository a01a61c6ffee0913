package io.github.apitokenkit.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;

/**
 * The api-token-kit launcher. {@code main} only exits with what {@link #run} returns, so specs call {@code run}
 * directly. This first version knows {@code --version} and {@code --help}; the commands arrive with the launcher
 * issue.
 */
public final class Main {
    static final int OK = 0;
    static final int USAGE = 2;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && args[0].equals("--version")) {
            out.println("api-token-kit " + version());
            return OK;
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.print(usage());
            return OK;
        }
        err.println(args.length == 0
                ? "api-token-kit: no command given; try --help"
                : "api-token-kit: unknown command or option '" + args[0] + "'; try --help");
        return USAGE;
    }

    static String usage() {
        return "Usage: java -jar api-token-kit.jar [--version | --help]\n"
                + "\n"
                + "  --version   print the kit's version\n"
                + "  --help      print this help\n"
                + "\n"
                + "Exit codes: 0 ok, 2 usage error.\n";
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/io/github/apitokenkit/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
