package io.github.apitokenkit.launcher;

import java.util.List;
import java.util.Map;

/** The findings audit-api-tokens reports ({findings: [{severity, ...}]}), as --fail-on judges them. */
final class Findings {
    static final List<String> SEVERITIES = List.of("info", "warning", "critical");

    private Findings() {}

    /** How many findings of a script's result are at or above the severity; 0 for a result without findings. */
    static int atOrAbove(Object result, String severity) {
        int least = SEVERITIES.indexOf(severity);
        int count = 0;
        Object findings = result instanceof Map ? ((Map<?, ?>) result).get("findings") : null;
        if (findings instanceof List) {
            for (Object finding : (List<?>) findings) {
                Object level = finding instanceof Map ? ((Map<?, ?>) finding).get("severity") : null;
                if (SEVERITIES.indexOf(String.valueOf(level)) >= least) {
                    count++;
                }
            }
        }
        return count;
    }
}
