package io.github.apitokenkit.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command line: options anywhere, name=value parameters, the command and its positional arguments. */
final class Options {
    final List<String> urls = new ArrayList<>();
    final Map<String, String> parameters = new LinkedHashMap<>();
    /** Parameters whose values are read from files (--param-file NAME=FILE), so they never show in a process list. */
    final Map<String, String> parameterFiles = new LinkedHashMap<>();
    final List<String> positional = new ArrayList<>();
    String urlsFile;
    String auth;
    String cacert;
    String output;
    /** A command that takes each created value on its standard input (a secret store's client). */
    String deliver;
    /** The least severity of a finding (audit-api-tokens) that makes the exit code 6; null for never. */
    String failOn;
    /** A lifetime policy file ({"maxLifetimeDays": N, "requireExpiry": B}) for every script that takes one. */
    String policyFile;
    /** Where the scripts' audit records are appended, as JSON lines. */
    String auditLog;
    /** audit-api-tokens: where the credentials inventory page goes (an HTML file, mode 0600). */
    String report;
    /** render: where the private key goes; open: where it is read from. */
    String key;
    /** render: token values in plaintext, in the script's output, for a client that cannot open sealed ones. */
    boolean plaintext;
    String command;
    int timeout = 30;
    int parallel = 4;
    boolean insecure;
    boolean json;
    boolean verbose;
    boolean help;
    boolean version;

    static Options parse(String[] args) throws LauncherException {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String inline = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                inline = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
            }
            switch (arg) {
                case "--url": o.urls.add(value(args, i, inline, arg)); i += inline == null ? 1 : 0; break;
                case "--urls": o.urlsFile = value(args, i, inline, arg); i += inline == null ? 1 : 0; break;
                case "--auth": o.auth = value(args, i, inline, arg); i += inline == null ? 1 : 0; break;
                case "--cacert": o.cacert = value(args, i, inline, arg); i += inline == null ? 1 : 0; break;
                case "--output": o.output = value(args, i, inline, arg); i += inline == null ? 1 : 0; break;
                case "--deliver": o.deliver = value(args, i, inline, arg); i += inline == null ? 1 : 0; break;
                case "--policy": o.policyFile = value(args, i, inline, arg); i += inline == null ? 1 : 0; break;
                case "--audit-log": o.auditLog = value(args, i, inline, arg); i += inline == null ? 1 : 0; break;
                case "--fail-on": o.failOn = severity(value(args, i, inline, arg)); i += inline == null ? 1 : 0; break;
                case "--report": o.report = value(args, i, inline, arg); i += inline == null ? 1 : 0; break;
                case "--key": o.key = value(args, i, inline, arg); i += inline == null ? 1 : 0; break;
                case "--plaintext": o.plaintext = true; break;
                case "--param-file": {
                    String spec = value(args, i, inline, arg);
                    i += inline == null ? 1 : 0;
                    if (spec.indexOf('=') <= 0 || spec.indexOf('=') == spec.length() - 1) {
                        throw new LauncherException(ExitCode.USAGE, "--param-file takes NAME=FILE, not " + Text.quote(spec));
                    }
                    o.parameterFiles.put(spec.substring(0, spec.indexOf('=')), spec.substring(spec.indexOf('=') + 1));
                    break;
                }
                case "--timeout": o.timeout = number(value(args, i, inline, arg), arg); i += inline == null ? 1 : 0; break;
                case "--parallel": o.parallel = number(value(args, i, inline, arg), arg); i += inline == null ? 1 : 0; break;
                case "--insecure": o.insecure = true; break;
                case "--json": o.json = true; break;
                case "--verbose": o.verbose = true; break;
                case "--help": case "-h": o.help = true; break;
                case "--version": o.version = true; break;
                default:
                    if (arg.startsWith("-")) {
                        throw new LauncherException(ExitCode.USAGE, "unknown option " + Text.quote(arg) + "; try --help");
                    }
                    if (o.command == null && arg.equals("help")) {
                        o.help = true;
                    } else if (o.command == null) {
                        o.command = arg;
                    } else if (arg.indexOf('=') > 0) {
                        // The value is everything after the first '=', whatever it holds (newlines too): the script
                        // judges it, with the one definition of acceptable text, and says so in one line.
                        String name = arg.substring(0, arg.indexOf('='));
                        if (o.parameters.put(name, arg.substring(arg.indexOf('=') + 1)) != null) {
                            throw new LauncherException(ExitCode.USAGE, "parameter " + Text.quote(name) + " given twice");
                        }
                    } else {
                        o.positional.add(arg);
                    }
            }
        }
        if (o.help && o.command == null && !o.positional.isEmpty()) {
            o.command = o.positional.remove(0);
        }
        // Only the audit reports findings: elsewhere --fail-on would never alert, and a mistyped cron line never would.
        if (o.failOn != null && !o.help && o.command != null && !o.command.equals("audit-api-tokens")) {
            throw new LauncherException(ExitCode.USAGE, "--fail-on judges the findings of audit-api-tokens, which " + Text.quote(o.command)
                    + " does not report: use it with audit-api-tokens");
        }
        // The page is made of the audit's findings and a listing; elsewhere --report would be silently ignored.
        if (o.report != null && !o.help && o.command != null && !o.command.equals("audit-api-tokens")) {
            throw new LauncherException(ExitCode.USAGE, "--report writes the inventory page of audit-api-tokens, not of " + Text.quote(o.command)
                    + ": use it with audit-api-tokens, or render saved --json lines with: report FILE.jsonl --output FILE.html");
        }
        return o;
    }

    private static String value(String[] args, int i, String inline, String option) throws LauncherException {
        if (inline != null) {
            return inline;
        }
        if (i + 1 >= args.length) {
            throw new LauncherException(ExitCode.USAGE, option + " needs a value");
        }
        return args[i + 1];
    }


    /** A finding severity for --fail-on. */
    private static String severity(String value) throws LauncherException {
        if (!Findings.SEVERITIES.contains(value)) {
            throw new LauncherException(ExitCode.USAGE, "--fail-on takes info, warning or critical, not " + Text.quote(value));
        }
        return value;
    }
    private static int number(String value, String option) throws LauncherException {
        if (!value.matches("\\d{1,5}") || Integer.parseInt(value) == 0) {
            throw new LauncherException(ExitCode.USAGE, option + " takes a whole number from 1 to 99999, not " + Text.quote(value));
        }
        return Integer.parseInt(value);
    }
}
