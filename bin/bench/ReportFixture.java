import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.UUID;

/**
 * The saved --json output of a big fleet, as bin/bench-report renders it: for each controller, a line of
 * list-api-tokens (every token) and a line of audit-api-tokens (its findings, as the audit words them), with spread
 * out creation, last use and expiry dates, a few legacy tokens; and one more controller, which failed. Seeded: the same
 * arguments make the same file.
 * Usage: java ReportFixture.java OUT.jsonl CONTROLLERS USERS TOKENS_PER_USER
 */
public class ReportFixture {
    public static void main(String[] args) throws IOException {
        int controllers = Integer.parseInt(args[1]);
        int users = Integer.parseInt(args[2]);
        int perUser = Integer.parseInt(args[3]);
        Random random = new Random(42);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
            for (int c = 1; c <= controllers + 1; c++) {
                String url = "https://ci-" + c + ".example.com/";
                if (c > controllers) {
                    String error = "connection refused by ci-" + c + ".example.com:443";
                    for (int twice = 0; twice < 2; twice++) {
                        out.write("{\"url\":\"" + url + "\",\"ok\":false,\"exitCode\":5,\"changed\":false,\"result\":null,\"error\":\"" + error + "\"}\n");
                    }
                    continue;
                }
                StringBuilder tokens = new StringBuilder();
                StringBuilder findings = new StringBuilder();
                for (int u = 0; u < users; u++) {
                    String user = "user-" + u;
                    for (int t = 0; t < perUser; t++) {
                        String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
                        String name = t == 0 ? "ci" : t == 1 ? "deploy" : "token-" + t;
                        int age = random.nextInt(1200);
                        LocalDate created = today.minusDays(age);
                        Integer idle = random.nextInt(5) == 0 ? null : random.nextInt(age + 1);
                        LocalDate expires = random.nextInt(4) == 0 ? null : created.plusDays(30 + random.nextInt(800));
                        boolean legacy = random.nextInt(50) == 0;
                        if (tokens.length() > 0) {
                            tokens.append(',');
                        }
                        tokens.append("{\"user\":\"").append(user).append("\",\"name\":\"").append(name).append("\",\"uuid\":\"").append(uuid)
                                .append("\",\"created\":\"").append(instant(created)).append("\",\"lastUsed\":")
                                .append(idle == null ? "null" : "\"" + instant(today.minusDays(idle)) + "\"")
                                .append(",\"useCount\":").append(idle == null ? 0 : 1 + random.nextInt(5000)).append(",\"legacy\":").append(legacy)
                                .append(",\"expires\":").append(expires == null ? "null" : "\"" + expires + "\"")
                                .append(",\"expired\":").append(expires != null && expires.isBefore(today)).append(",\"aboutToExpire\":false}");
                        if (expires != null && expires.isBefore(today)) {
                            finding(findings, user, name, uuid, "expired", "warning", "expired on " + expires + ": it no longer authenticates; revoke it");
                        } else if (expires == null) {
                            finding(findings, user, name, uuid, "policy", "critical", "breaks the lifetime policy (requireExpiry=true): never expires");
                        }
                        if (idle != null && idle >= 90) {
                            finding(findings, user, name, uuid, "unused", "warning", "last used " + today.minusDays(idle) + ", " + idle + " days ago");
                        } else if (idle == null && age >= 90) {
                            finding(findings, user, name, uuid, "never-used", "warning", "never used, created " + created + ", " + age + " days ago");
                        }
                        if (legacy) {
                            finding(findings, user, name, uuid, "legacy", "warning", "a legacy token: replace it with a named token and revoke it (revoke-legacy-api-tokens)");
                        }
                    }
                }
                out.write("{\"url\":\"" + url + "\",\"ok\":true,\"exitCode\":0,\"changed\":false,\"result\":{\"statisticsEnabled\":true,"
                        + "\"statisticsReliable\":true,\"tokens\":[" + tokens + "],\"changed\":false},\"error\":null}\n");
                out.write("{\"url\":\"" + url + "\",\"ok\":true,\"exitCode\":0,\"changed\":false,\"result\":{\"findings\":[" + findings
                        + "],\"counts\":{},\"severities\":{},\"changed\":false},\"error\":null}\n");
            }
        }
    }

    private static String instant(LocalDate day) {
        return Instant.ofEpochSecond(day.toEpochDay() * 86400 + 37230).toString();
    }

    private static void finding(StringBuilder findings, String user, String name, String uuid, String kind, String severity, String detail) {
        if (findings.length() > 0) {
            findings.append(',');
        }
        findings.append("{\"user\":\"").append(user).append("\",\"name\":\"").append(name).append("\",\"uuid\":\"").append(uuid)
                .append("\",\"kind\":\"").append(kind).append("\",\"severity\":\"").append(severity).append("\",\"detail\":\"").append(detail).append("\"}");
    }
}
