package io.github.apitokenkit.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What --help and 'help COMMAND' print: the launcher's usage, the help of self and run, and a bundled script's help
 * read from its own header, its example turned into a command line. Also the command closest to a mistyped one, which
 * the unknown-command message suggests.
 */
final class Help {
    private static final Pattern EXAMPLE_PARAMETER = Pattern.compile("(\\w+)\\s*:\\s*('([^']*)'|[^,\\s]+)");

    private Help() {}

    static String usage() {
        return String.join("\n",
                "Usage: java -jar api-token-kit.jar [options] COMMAND [name=value ...]",
                "",
                "Commands:",
                "  " + String.join(", ", Main.BUNDLED_SCRIPTS),
                "                     a bundled script, run through /scriptText; 'help COMMAND' shows its parameters",
                "  run FILE.groovy    another script that ends with the kit's runtime block, same parameter passing",
                "  self generate [name=NAME] [expires=DAYS|DATE|never]   a new token for yourself, through the REST endpoint",
                "  self revoke uuid=UUID                                 revoke one of your tokens",
                "  self rename uuid=UUID name=NAME                       rename one of your tokens",
                "  self rotate --output FILE | --deliver COMMAND         your token replaced, in phases ('help self')",
                "  render SCRIPT|FILE.groovy [name=value ...] [--key FILE | --plaintext]",
                "                     print the text to post to /scriptText with any other client: parameters as data, never",
                "                     templated into the script; a script that prints token values seals them for --key FILE",
                "  open [FILE] --key FILE   read what Jenkins answered to a rendered script (FILE or stdin), values opened",
                "  report FILE.jsonl [FILE.jsonl ...] --output FILE.html [--policy FILE]",
                "                     the credentials inventory page of saved --json lines of audit-api-tokens and list-api-tokens",
                "  help [COMMAND]     this text, or a command's",
                "",
                "Options:",
                "  --url URL          Jenkins's root URL, context path included; repeat it for a fleet (default: $JENKINS_URL)",
                "  --urls FILE        a file of URLs, one a line, for a fleet",
                "  --parallel N       controllers at a time in a fleet (default 4)",
                "  --auth USER:SECRET | --auth @FILE",
                "                     an API token (or a password); default: $JENKINS_USER_ID and $JENKINS_API_TOKEN, else a prompt",
                "  --timeout SECONDS  for connecting, for each answer, and for a --deliver command (default 30)",
                "  --cacert FILE      trust the certificate authorities in this PEM file",
                "  --insecure         trust any certificate (warned about every time)",
                "  --json             machine-readable output",
                "  --output FILE      write created token values to FILE (mode 0600), their uuid to FILE.uuid, instead of printing them",
                "  --deliver COMMAND  hand each created value to COMMAND (/bin/sh -c) on its standard input instead: a secret store's",
                "                     client such as 'pass insert -m -f jenkins/deploy'; delivered only when it exits 0 within --timeout",
                "  --policy FILE      a lifetime policy, {\"maxLifetimeDays\": N, \"requireExpiry\": true}, for every script that takes one",
                "  --fail-on SEVERITY exit 6 when audit-api-tokens reports a finding at or above it: info, warning, critical",
                "  --report FILE.html audit-api-tokens: also list every token, and write the credentials inventory page (one",
                "                     self-contained HTML file, mode 0600: summary, charts, each controller's tokens with their findings)",
                "  --audit-log FILE   append each change the script records (no value) to FILE as JSON lines, with the URL",
                "  --param-file NAME=FILE  a parameter's value read from a file (for seed-api-token's value, say)",
                "  --verbose          show each request and answer on stderr (credentials and token values never shown)",
                "  --version, --help",
                "",
                "Created token values travel sealed: the launcher sends a fresh public key, the script encrypts each value",
                "with it, and only the launcher opens it, so Jenkins never holds the plaintext in the script or its output.",
                "",
                ExitCode.HELP);
    }

    static String commandHelp(String command) throws LauncherException {
        if (command.equals("help")) {
            return usage();
        }
        if (command.equals("self")) {
            return String.join("\n",
                    "Usage: java -jar api-token-kit.jar [options] self generate|revoke|rename|rotate [name=value ...]",
                    "",
                    "Your own tokens, through Jenkins's token endpoints (as the user of --auth), no script involved:",
                    "  self generate [name=NAME] [expires=DAYS|DATE|never]   a new token; its value is printed once, or goes to",
                    "                                                        --output FILE (its uuid to FILE.uuid) or --deliver COMMAND",
                    "  self revoke uuid=UUID                                 revoke one of your tokens",
                    "  self rename uuid=UUID name=NAME                       rename one of your tokens",
                    "  self rotate --output FILE [uuid=UUID name=NAME] [expires=...]",
                    "  self rotate --deliver COMMAND uuid=UUID name=NAME [expires=...]",
                    "                      a new token delivered, proven with whoAmI, then the old one (FILE.uuid's) revoked,",
                    "                      then the new one named; a failed phase is named with what is known to hold",
                    "expires: a number of days from 0 to 36500, a date like 2027-01-31, or never (the default); Jenkins 2.548 or newer.",
                    "",
                    "Example:    java -jar api-token-kit.jar --auth @admin.auth self generate name=laptop expires=30 --output laptop.token",
                    "",
                    ExitCode.HELP);
        }
        if (command.equals("render") || command.equals("open")) {
            return String.join("\n",
                    "Usage: java -jar api-token-kit.jar render SCRIPT|FILE.groovy [name=value ...] [--key FILE | --plaintext]",
                    "       java -jar api-token-kit.jar open [ANSWER_FILE] [--key FILE] [--json] [--output FILE | --deliver COMMAND]",
                    "",
                    "For any other client (python-jenkins, curl, Ansible, the Jenkins CLI): render prints the text to post to",
                    "/scriptText, the parameters as data in it (never template values into a script); open reads what Jenkins",
                    "answered (a file, or stdin) and reports it as the launcher would. A script that prints token values needs",
                    "--key FILE at render (a new private key, written 0600) and the same --key at open; --plaintext leaves the",
                    "values bare in Jenkins's answer instead.",
                    "",
                    "Example:    java -jar api-token-kit.jar render create-api-token user=svc name=ci --key ci.key > create.groovy",
                    "            printf 'user = \"admin:%s\"\\n' \"$TOKEN\" | curl -s -K - --data-urlencode script@create.groovy \\",
                    "                 ${JENKINS_URL}scriptText > answer.txt",
                    "            java -jar api-token-kit.jar open answer.txt --key ci.key",
                    "",
                    ExitCode.HELP);
        }
        if (command.equals("report")) {
            return String.join("\n",
                    "Usage: java -jar api-token-kit.jar report FILE.jsonl [FILE.jsonl ...] --output FILE.html [--policy FILE]",
                    "",
                    "The credentials inventory page of saved --json output, for a page made later than its data (a nightly job",
                    "keeps the JSON lines). Lines of audit-api-tokens give the findings, lines of list-api-tokens every token; give",
                    "both for a full inventory, in one file or several. The page is one HTML file, written mode 0600, that needs",
                    "no network: a summary, charts of the tokens' age, last use and expiry, and each controller's tokens, sortable",
                    "and filterable. audit-api-tokens --report FILE.html makes the same page from a live call.",
                    "",
                    "Example:    java -jar api-token-kit.jar --urls controllers.txt audit-api-tokens --json > audit.jsonl",
                    "            java -jar api-token-kit.jar --urls controllers.txt list-api-tokens --json > tokens.jsonl",
                    "            java -jar api-token-kit.jar report audit.jsonl tokens.jsonl --output inventory.html",
                    "",
                    ExitCode.HELP);
        }
        if (command.equals("run")) {
            return String.join("\n",
                    "Usage: java -jar api-token-kit.jar [options] run FILE.groovy [name=value ...]",
                    "",
                    "Runs a script of your own the way the bundled ones run: its parameters travel as data, its result comes back",
                    "in the kit's envelope. The script must end with the kit's runtime block (a copy of scripts/lib/runtime.groovy)",
                    "and do its work in new ApiTokenKit(binding).run(defaults, formats) { kit, p -> [result: [..., changed: false], text: ...] }",
                    "(every result says whether it changed something, and a dry run's whether it would: wouldChange).",
                    "",
                    "Example:    java -jar api-token-kit.jar run my-report.groovy user=alice",
                    "",
                    ExitCode.HELP);
        }
        String source = Inputs.bundledScript(command);
        int end = source.indexOf("*/");
        StringBuilder help = new StringBuilder("Usage: java -jar api-token-kit.jar [options] " + command + " [name=value ...]\n\n");
        for (String line : source.substring(0, end).split("\n")) {
            if (line.startsWith("/*")) {
                continue;
            }
            String text = line.replaceFirst("^ \\* ?", "");
            if (text.startsWith("Example:")) {
                String parameters = commandLine(text.substring("Example:".length()).trim());
                text = "Example:    java -jar api-token-kit.jar " + command + (parameters.isEmpty() ? "" : " " + parameters);
            }
            help.append(text).append('\n');
        }
        return help.append('\n').append(ExitCode.HELP).toString();
    }

    /** A header's example, written as the Script Console's map ({@code user: 'svc', dryRun: false}), as command-line parameters. */
    static String commandLine(String mapEntries) {
        StringJoiner line = new StringJoiner(" ");
        Matcher m = EXAMPLE_PARAMETER.matcher(mapEntries);
        while (m.find()) {
            String value = m.group(3) != null ? m.group(3) : m.group(2);
            line.add(m.group(1) + "=" + (value.matches("[A-Za-z0-9._:/@,-]+") ? value : "'" + value.replace("'", "'\\''") + "'"));
        }
        return line.toString();
    }

    /** The command closest to a mistyped one, or null when none is close. */
    static String nearestCommand(String typed) {
        List<String> commands = new ArrayList<>(Main.BUNDLED_SCRIPTS);
        commands.addAll(List.of("run", "self", "render", "open", "report", "help"));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String command : commands) {
            int distance = editDistance(typed.toLowerCase(Locale.ROOT), command);
            if (distance < bestDistance) {
                best = command;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, typed.length() / 4) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
