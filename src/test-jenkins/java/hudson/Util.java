// Stand-in of hudson.Util (Jenkins 2.579): the few string, digest and file helpers the token code uses.
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

    /** HTML-escapes text as core does for form messages: newlines become <br>, runs of spaces keep their width. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n': out.append("<br>"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '&': out.append("&amp;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#039;"); break;
                case ' ': out.append(i + 1 < text.length() && text.charAt(i + 1) == ' ' ? "&nbsp;" : " "); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }

    /** Percent-encodes a URL path segment: only !$&'()*+,-.0-9=@A-Z_a-z stay as they are. */
    public static String rawEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!$&'()*+,-.=@_".indexOf(c) >= 0;
            if (safe) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** Whole calendar days, in this JVM's time zone, from the date to today; never below 0. */
    public static long daysElapsedSince(java.util.Date date) {
        java.time.LocalDate then = date.toInstant().atZone(java.time.ZoneId.systemDefault()).toLocalDate();
        return Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(then, java.time.LocalDate.now()));
    }

    /** Deletes a file or a folder with everything in it; nothing to delete is fine. */
    public static void deleteRecursive(java.io.File dir) throws java.io.IOException {
        if (!dir.exists() && !java.nio.file.Files.isSymbolicLink(dir.toPath())) {
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(dir.toPath())) {
            for (java.nio.file.Path path : (Iterable<java.nio.file.Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                java.nio.file.Files.deleteIfExists(path);
            }
        }
    }

    public static String fixNull(String s) {
        return s == null ? "" : s;
    }
}
