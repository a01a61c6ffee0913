package io.github.apitokenkit.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.CharBuffer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A user name and a secret (an API token or a password), kept as characters until a request needs its header.
 * API tokens need no crumb; passwords fetch one and keep its session cookie, as the Jenkins CLI and curl recipes do.
 */
final class Credentials {
    private static final Pattern API_TOKEN = Pattern.compile("(11)?[0-9a-f]{32}");

    final String user;
    private final char[] secret;

    Credentials(String user, char[] secret) {
        this.user = user;
        this.secret = secret.clone();
        // An answer may quote what it was sent (a login page echoing a form, a proxy's error): never printed. A secret
        // that is the user name itself hides nothing, and redacting it would blank out the user in every message.
        if (!user.contentEquals(CharBuffer.wrap(secret))) {
            Text.keepOut(CharBuffer.wrap(secret));
        }
    }

    /** USER:SECRET, split at the first colon. */
    static Credentials parse(String userColonSecret, String from) throws LauncherException {
        int colon = userColonSecret.indexOf(':');
        if (colon <= 0) {
            throw new LauncherException(ExitCode.USAGE, "credentials from " + from + " must be USER:SECRET");
        }
        return new Credentials(userColonSecret.substring(0, colon), userColonSecret.substring(colon + 1).toCharArray());
    }

    /** Whether the secret has the shape of an API token (new "11" + 32 hex, or legacy 32 hex). */
    boolean isApiToken() {
        return API_TOKEN.matcher(CharBuffer.wrap(secret)).matches();
    }

    String basicHeader() {
        char[] pair = new char[user.length() + 1 + secret.length];
        user.getChars(0, user.length(), pair, 0);
        pair[user.length()] = ':';
        System.arraycopy(secret, 0, pair, user.length() + 1, secret.length);
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pair));
        byte[] raw = Arrays.copyOf(bytes.array(), bytes.limit());
        Arrays.fill(pair, '\0');
        Arrays.fill(bytes.array(), (byte) 0);
        try {
            return "Basic " + Base64.getEncoder().encodeToString(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}
