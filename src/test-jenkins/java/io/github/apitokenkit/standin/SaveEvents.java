package io.github.apitokenkit.standin;

import hudson.model.Saveable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Stand-in plumbing, not a Jenkins class: where real Jenkins fires {@code SaveableListener.fireOnChange} after a
 * {@code User.save()} actually wrote the file, the stand-in notifies these listeners, so the project's own test
 * support can count saves without adding a member to a Jenkins-named class.
 */
public final class SaveEvents {
    private static final List<Consumer<Saveable>> LISTENERS = new CopyOnWriteArrayList<>();

    private SaveEvents() {}

    /** Registers a listener and returns the handle that removes it. */
    public static AutoCloseable listen(Consumer<Saveable> listener) {
        LISTENERS.add(listener);
        return () -> LISTENERS.remove(listener);
    }

    public static void fireSaved(Saveable saved) {
        for (Consumer<Saveable> listener : LISTENERS) {
            listener.accept(saved);
        }
    }
}
