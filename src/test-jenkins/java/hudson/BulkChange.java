// Stand-in of hudson.BulkChange (Jenkins 2.579): a per-thread stack of pending changes; save() of the saveable
// it holds is skipped until commit(). The public ALL constant is left out.
package hudson;

import hudson.model.Saveable;
import java.io.Closeable;
import java.io.IOException;

public class BulkChange implements Closeable {
    private static final ThreadLocal<BulkChange> INSCOPE = new ThreadLocal<>();

    private final Saveable saveable;
    private final BulkChange parent;
    private boolean completed;

    public final Exception allocator;

    public BulkChange(Saveable saveable) {
        this.parent = current();
        this.saveable = saveable;
        this.allocator = new Exception();
        INSCOPE.set(this);
    }

    public void commit() throws IOException {
        if (completed) {
            return;
        }
        completed = true;
        pop();
        saveable.save();
    }

    @Override
    public void close() {
        abort();
    }

    public void abort() {
        if (completed) {
            return;
        }
        completed = true;
        pop();
    }

    private void pop() {
        if (current() != this) {
            throw new AssertionError("Trying to save BulkChange that's not in scope");
        }
        INSCOPE.set(parent);
    }

    public static BulkChange current() {
        return INSCOPE.get();
    }

    public static boolean contains(Saveable s) {
        for (BulkChange b = current(); b != null; b = b.parent) {
            if (b.saveable == s) {
                return true;
            }
        }
        return false;
    }
}
