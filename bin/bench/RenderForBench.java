import io.github.apitokenkit.launcher.RemoteScript;
import io.github.apitokenkit.launcher.Sealer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the text the launcher would post for a bundled script, so that the other clients of the benchmark post the
 * very same script (with a sealing key when the script's header asks for one; nobody opens what it seals).
 * Usage: java -cp api-token-kit.jar:. RenderForBench SCRIPT OUT_FILE [name=value ...]
 */
public class RenderForBench {
    public static void main(String[] args) throws Exception {
        String source;
        try (var in = RemoteScript.class.getResourceAsStream("/scripts/" + args[0] + ".groovy")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            parameters.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
        }
        String key = RemoteScript.printsSecrets(source) ? new Sealer().publicKey() : null;
        Files.writeString(Path.of(args[1]), RemoteScript.build(args[0], source, parameters, RemoteScript.newNonce(), key));
    }
}
