package io.github.apitokenkit.launcher;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Path;
import java.util.Map;

/** jackson-jr doing OwnJson's work; it leaves out null map values unless told, and the payload has "publicKey":null. */
public final class JacksonJrJson {
    public static void main(String[] args) throws Exception {
        Map<String, Object> payload = BenchData.payload(Path.of(args[0]));
        String envelope = BenchData.envelope();
        long start = System.nanoTime();
        JSON json = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);
        String written = json.asString(payload);
        Object read = json.anyFrom(envelope);
        System.out.println((System.nanoTime() - start) / 1000 + " us " + written.length() + " " + (read != null));
    }
}
