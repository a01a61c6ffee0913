package io.github.apitokenkit.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's data, in the launcher's package only because its own Json and Options are package-private there.
 * What both JSON variants handle: the payload the launcher writes for list-api-tokens, and a 50-token envelope.
 */
public final class BenchData {
    private BenchData() {}

    public static Map<String, Object> payload(Path script) throws Exception {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("user", "alice");
        parameters.put("format", "json");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("name", "list_api_tokens.groovy");
        payload.put("script", Files.readString(script));
        payload.put("parameters", parameters);
        payload.put("envelope", "9f86d081884c7d659a2feaa0c55ad015");
        payload.put("publicKey", null);
        return payload;
    }

    /** The envelope of a listing of 50 tokens, 10 fields each, written by hand so that neither variant makes it. */
    public static String envelope() {
        StringBuilder json = new StringBuilder("{\"ok\":true,\"result\":{\"changed\":false,\"tokens\":[");
        for (int i = 0; i < 50; i++) {
            json.append(i == 0 ? "" : ",").append("{\"user\":\"user").append(i % 7).append("\",\"name\":\"ci-token-").append(i)
                    .append("\",\"uuid\":\"00000000-0000-4000-8000-").append(String.format("%012d", i))
                    .append("\",\"created\":\"2025-01-01T10:00:00Z\",\"lastUsed\":").append(i % 3 == 0 ? "null" : "\"2026-02-03T08:15:00Z\"")
                    .append(",\"useCount\":").append(i * 37).append(",\"legacy\":").append(i % 10 == 0)
                    .append(",\"expires\":").append(i % 4 == 0 ? "null" : "\"2027-03-01\"").append(",\"expired\":false,\"aboutToExpire\":")
                    .append(i % 13 == 0).append('}');
        }
        return json.append("]},\"secrets\":[]}").toString();
    }
}
