import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The floor a Java client cannot go under: one POST of a ready script text to /scriptText with an API token, the
 * answer read whole and its length printed. No argument parsing, no checks, no crypto.
 * Usage: java BarePost URL USER TOKEN_FILE SCRIPT_FILE
 */
public class BarePost {
    public static void main(String[] args) throws Exception {
        String token = Files.readString(Path.of(args[2])).trim();
        byte[] body = ("script=" + URLEncoder.encode(Files.readString(Path.of(args[3])), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        HttpURLConnection connection = (HttpURLConnection) new URL(args[0] + "scriptText").openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((args[1] + ":" + token).getBytes(StandardCharsets.UTF_8)));
        connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        connection.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (InputStream in = connection.getInputStream()) {
            in.transferTo(answer);
        }
        System.out.println(connection.getResponseCode() + " " + answer.size());
    }
}
