package io.github.apitokenkit.launcher;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints what the controllers answered, as text or --json, one section per controller in a fleet, and decides the
 * exit code (the worst outcome's). Created token values are put in place of their references here, unless a
 * {@link Delivery} took them (the operation put its note in their place).
 */
final class Report {
    private Report() {}

    /** Prints the outcomes and returns the exit code. */
    static int print(List<Outcome> outcomes, Options options, PrintStream out, PrintStream err) {
        boolean fleet = outcomes.size() > 1;
        List<Outcome> shown = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            shown.add(outcome.shown(null));
        }
        int exit = ExitCode.OK;
        int alerting = 0;
        for (Outcome outcome : shown) {
            exit = Math.max(exit, outcome.exitCode);
            int findings = outcome.ok() && options.failOn != null ? Findings.atOrAbove(outcome.value, options.failOn) : 0;
            if (findings > 0) {
                alerting++;
                err.println(Main.failureLine(findings + (findings == 1 ? " finding" : " findings") + " at or above " + options.failOn + (fleet ? " on " + outcome.url : "")));
            }
            if (options.json) {
                // One object a line, one line per controller, in the order the URLs were given (JSON Lines); its exit
                // code is the one this controller alone would give the process, findings at or above --fail-on too.
                out.println(Json.write(outcome.toJson(findings > 0 ? ExitCode.FINDINGS : outcome.exitCode)));
                if (!fleet && !outcome.ok()) {
                    err.println(Main.failureLine(outcome.error));
                }
            } else {
                if (fleet) {
                    out.println("== " + outcome.url);
                }
                if (outcome.ok()) {
                    out.print(outcome.text);
                } else if (fleet) {
                    out.println("ERROR: " + Text.shown(outcome.error));
                } else {
                    err.println(Main.failureLine(outcome.error));
                }
            }
        }
        // Findings alert only when all else went well: a failure's own code says more.
        return exit == ExitCode.OK && alerting > 0 ? ExitCode.FINDINGS : exit;
    }
}
