// Stand-in of jenkins.model.IdStrategy (Jenkins 2.579): keyFor/equals/compare with CASE_INSENSITIVE (key is the id
// lowercased with Locale.ENGLISH) and CaseSensitive. File-name mapping and descriptors are left out.
package jenkins.model;

import java.io.Serializable;
import java.util.Locale;

public abstract class IdStrategy {
    public static IdStrategy CASE_INSENSITIVE = new CaseInsensitive();

    public String keyFor(String id) {
        return id;
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
