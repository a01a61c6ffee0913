package io.github.apitokenkit.standin;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jenkins.model.Jenkins;

/**
 * Stand-in plumbing, not a Jenkins class: the random keys that core keeps under {@code $JENKINS_HOME/secrets/}
 * (core encrypts them with {@code master.key}; the stand-in keeps them raw, mode 0600). One key per name and home,
 * created on first use and read back after a restart.
 */
public final class ConfidentialStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private ConfidentialStore() {}

    public static byte[] key(String id, int length) {
        File file = new File(new File(Jenkins.get().getRootDir(), "secrets"), id);
        return CACHE.computeIfAbsent(file.getAbsolutePath(), path -> loadOrCreate(file, length)).clone();
    }

    private static byte[] loadOrCreate(File file, int length) {
        try {
            if (file.exists()) {
                return Files.readAllBytes(file.toPath());
            }
            byte[] key = new byte[length];
            RANDOM.nextBytes(key);
            Files.createDirectories(file.getParentFile().toPath());
            Files.write(file.toPath(), key);
            Files.setPosixFilePermissions(file.toPath(), PosixFilePermissions.fromString("rw-------"));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the key " + file, e);
        }
    }

    /** Forgets cached keys of homes that are gone (a new JenkinsRule reuses no path, but a sandbox may). */
    public static void forget(File home) {
        String prefix = home.getAbsolutePath() + File.separator;
        CACHE.keySet().removeIf(path -> path.startsWith(prefix));
    }
}
