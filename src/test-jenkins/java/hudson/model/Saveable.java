// Stand-in of hudson.model.Saveable (Jenkins 2.579): the interface only; the NOOP constant is left out.
package hudson.model;

import java.io.IOException;

public interface Saveable {
    void save() throws IOException;
}
