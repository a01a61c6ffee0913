package io.github.apitokenkit.launcher;

import java.nio.file.Path;
import java.util.Map;

/** The launcher's Json (package-private, hence this package): write the payload, read the envelope. */
public final class OwnJson {
    public static void main(String[] args) throws Exception {
        Map<String, Object> payload = BenchData.payload(Path.of(args[0]));
        String envelope = BenchData.envelope();
        long start = System.nanoTime();
        String written = Json.write(payload);
        Object read = Json.parse(envelope);
        System.out.println((System.nanoTime() - start) / 1000 + " us " + written.length() + " " + (read != null));
    }
}
