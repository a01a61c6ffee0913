// Stand-in of hudson.util.FormValidation (Jenkins 2.579): the IOException subclass with a kind; the HTML rendering,
// the Stapler response and the many factory overloads are left out.
package hudson.util;

import java.io.IOException;

public abstract class FormValidation extends IOException {
    public enum Kind { OK, WARNING, ERROR }

    public final Kind kind;

    private FormValidation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static FormValidation error(String message) {
        return new Simple(Kind.ERROR, message);
    }

    public static FormValidation warning(String message) {
        return new Simple(Kind.WARNING, message);
    }

    public static FormValidation ok() {
        return new Simple(Kind.OK, null);
    }

    private static final class Simple extends FormValidation {
        Simple(Kind kind, String message) {
            super(kind, message);
        }
    }
}
