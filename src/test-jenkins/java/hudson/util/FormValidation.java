// Stand-in of hudson.util.FormValidation (Jenkins 2.579): the IOException subclass with a kind and an HTML-escaped
// message; the HTML rendering,
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

    /** Like core, the message is HTML-escaped (it is shown in forms), and a null message means OK. */
    public static FormValidation error(String message) {
        return message == null ? ok() : new Simple(Kind.ERROR, hudson.Util.escape(message));
    }

    public static FormValidation warning(String message) {
        return message == null ? ok() : new Simple(Kind.WARNING, hudson.Util.escape(message));
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
