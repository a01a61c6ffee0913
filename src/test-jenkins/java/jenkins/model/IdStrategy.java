// Stand-in of jenkins.model.IdStrategy (Jenkins 2.579): keyFor/equals/compare with CASE_INSENSITIVE (key is the id
// lowercased with Locale.ENGLISH) and CaseSensitive; idFromFilename (1.577, deprecated: only the migration of old user
// folders uses it, JENKINS-FACTS.md §20). filenameOf/legacyFilenameOf (null since 2.524) and descriptors are left out.
package jenkins.model;

import java.io.Serializable;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public abstract class IdStrategy {
    public static IdStrategy CASE_INSENSITIVE = new CaseInsensitive();

    /** The id an old user folder's name stands for: the name itself, unless a strategy decodes it. */
    @Deprecated
    public String idFromFilename(String filename) {
        return filename;
    }

    public String keyFor(String id) {
        return id;
    }

    /** Each "$" and four lowercase hex digits in a folder name is the character of that code. */
    private static String decodeCharacterCodes(String filename) {
        return replaceEach(Pattern.compile("\\$[0-9a-f]{4}"), filename, code -> (char) Integer.parseInt(code.substring(1), 16));
    }

    private static String replaceEach(Pattern pattern, String text, Function<String, Character> replacement) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder decoded = new StringBuilder();
        int from = 0;
        while (matcher.find()) {
            decoded.append(text, from, matcher.start()).append(replacement.apply(matcher.group()));
            from = matcher.end();
        }
        return decoded.append(text.substring(from)).toString();
    }

    public boolean equals(String id1, String id2) {
        return keyFor(id1).equals(keyFor(id2));
    }

    public abstract int compare(String id1, String id2);

    @Override
    public boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    public static class CaseInsensitive extends IdStrategy implements Serializable {
        public CaseInsensitive() {}

        /** Character codes decoded, then lowercased as keyFor does. */
        @Deprecated
        @Override
        public String idFromFilename(String filename) {
            return decodeCharacterCodes(filename).toLowerCase(Locale.ENGLISH);
        }

        @Override
        public String keyFor(String id) {
            return id.toLowerCase(Locale.ENGLISH);
        }

        @Override
        public boolean equals(String id1, String id2) {
            return id1.equalsIgnoreCase(id2);
        }

        @Override
        public int compare(String id1, String id2) {
            return id1.compareToIgnoreCase(id2);
        }
    }

    public static class CaseSensitive extends IdStrategy implements Serializable {
        public CaseSensitive() {}

        /** "~" before a lowercase ASCII letter marks an uppercase one; then character codes are decoded. */
        @Deprecated
        @Override
        public String idFromFilename(String filename) {
            String capitals = replaceEach(Pattern.compile("~[a-z]"), filename, marked -> Character.toUpperCase(marked.charAt(1)));
            return decodeCharacterCodes(capitals);
        }

        @Override
        public boolean equals(String id1, String id2) {
            return id1.equals(id2);
        }

        @Override
        public int compare(String id1, String id2) {
            return id1.compareTo(id2);
        }
    }
}
