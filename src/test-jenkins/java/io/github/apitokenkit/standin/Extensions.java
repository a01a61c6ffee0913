package io.github.apitokenkit.standin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import jenkins.model.Jenkins;

/**
 * Stand-in plumbing, not a Jenkins class: core discovers {@code @Extension}s by annotation indexing; the stand-in
 * registers its few extensions (the descriptors and global configurations it models) explicitly, per Jenkins
 * instance, and {@code hudson.ExtensionList} reads them from here.
 */
public final class Extensions {
    private static final Map<Jenkins, List<Object>> BY_JENKINS = Collections.synchronizedMap(new WeakHashMap<>());

    private Extensions() {}

    public static void register(Jenkins jenkins, Object extension) {
        BY_JENKINS.computeIfAbsent(jenkins, j -> Collections.synchronizedList(new ArrayList<>())).add(extension);
    }

    public static void unregister(Jenkins jenkins, Object extension) {
        BY_JENKINS.getOrDefault(jenkins, Collections.synchronizedList(new ArrayList<>())).remove(extension);
    }

    public static <T> List<T> of(Jenkins jenkins, Class<T> type) {
        List<T> found = new ArrayList<>();
        List<Object> all = BY_JENKINS.getOrDefault(jenkins, Collections.emptyList());
        synchronized (all) {
            for (Object extension : all) {
                if (type.isInstance(extension)) {
                    found.add(type.cast(extension));
                }
            }
        }
        return found;
    }
}
