// Stand-in of hudson.util.VersionNumber (Jenkins 2.579, from the version-number library): dotted numeric
// comparison with "-SNAPSHOT" sorting before the release; the qualifier grammar of the real class is left out.
package hudson.util;

import java.util.Arrays;

public class VersionNumber implements Comparable<VersionNumber> {
    private final String value;
    private final int[] digits;
    private final boolean snapshot;

    public VersionNumber(String version) {
        this.value = version;
        String numeric = version.replaceFirst("[-+].*$", "");
        this.snapshot = version.endsWith("-SNAPSHOT");
        this.digits = Arrays.stream(numeric.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    @Override
    public int compareTo(VersionNumber that) {
        int length = Math.max(digits.length, that.digits.length);
        for (int i = 0; i < length; i++) {
            int a = i < digits.length ? digits[i] : 0;
            int b = i < that.digits.length ? that.digits[i] : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return Boolean.compare(that.snapshot, snapshot);
    }

    public boolean isOlderThan(VersionNumber rhs) {
        return compareTo(rhs) < 0;
    }

    public boolean isNewerThan(VersionNumber rhs) {
        return compareTo(rhs) > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionNumber && compareTo((VersionNumber) o) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digits);
    }

    @Override
    public String toString() {
        return value;
    }
}
