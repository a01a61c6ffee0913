// Stand-in of hudson.Util (Jenkins 2.579): the few string and digest helpers the token code uses.
package hudson;

import io.github.apitokenkit.standin.Hex;
import java.nio.charset.StandardCharsets;

public class Util {
    /** MD5 of the UTF-8 bytes, as 32 lowercase hex characters. */
    public static String getDigestOf(String text) {
        return Hex.encode(Hex.digest("MD5", text.getBytes(StandardCharsets.UTF_8)));
    }

    public static String toHexString(byte[] bytes) {
        return Hex.encode(bytes);
    }

    public static String fixEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    public static String fixEmptyAndTrim(String s) {
        return s == null ? null : fixEmpty(s.trim());
    }

    public static String fixNull(String s) {
        return s == null ? "" : s;
    }
}
