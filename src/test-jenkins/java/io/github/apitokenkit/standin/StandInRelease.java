package io.github.apitokenkit.standin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stand-in plumbing, not a Jenkins class: the core release the stand-in follows, and the build step that makes the
 * compiled stand-in that release. The sources keep every member the stand-in has ever modelled, each marked with
 * {@link Since}; a member core removed before this release ({@code @Since(removed = ...)}) must not be on the test
 * class path, or a script that calls it would pass here and fail on a real Jenkins of this release. So, right after
 * the test classes are compiled, {@link #main} rewrites each class file that holds such a member without it, and keeps
 * the class file as compiled under {@link #AS_COMPILED}, where {@link VersionedStandIn} reads it to be any older
 * release, those members included.
 */
public final class StandInRelease {
    /** The release the stand-in follows; {@code Jenkins.VERSION} is its snapshot. */
    public static final String VERSION = "2.579";
    /** Where, on the test class path, each class file rewritten by {@link #main} is kept as compiled. */
    public static final String AS_COMPILED = "META-INF/stand-in-as-compiled/";

    private StandInRelease() {}

    /** {@code StandInRelease CLASSES_DIR}: the compiled stand-in in that folder becomes {@link #VERSION}. */
    public static void main(String[] args) throws IOException {
        Path classes = Paths.get(args[0]);
        VersionedStandIn release = new VersionedStandIn(VERSION, StandInRelease.class.getClassLoader());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(classes)) {
            all.filter(p -> p.toString().endsWith(".class") && !classes.relativize(p).startsWith("META-INF")).forEach(files::add);
        }
        int rewritten = 0;
        int kept = 0;
        for (Path file : files) {
            Path asCompiled = classes.resolve(AS_COMPILED + classes.relativize(file).toString().replace('\\', '/'));
            byte[] bytes = Files.readAllBytes(file);
            byte[] atRelease = release.withoutYoungerMembers(bytes);
            if (atRelease != bytes) {
                Files.createDirectories(asCompiled.getParent());
                Files.write(asCompiled, bytes);
                Files.write(file, atRelease);
                rewritten++;
            } else if (Files.exists(asCompiled) && !Arrays.equals(release.withoutYoungerMembers(Files.readAllBytes(asCompiled)), bytes)) {
                // Compiled again since, with nothing left to remove: the kept copy is stale.
                Files.delete(asCompiled);
                continue;
            }
            if (Files.exists(asCompiled)) {
                kept++;
            }
        }
        System.out.println("Stand-in at " + VERSION + ": " + kept + " class file(s) without the members core had removed by then ("
                + rewritten + " rewritten now), kept as compiled under " + AS_COMPILED);
    }
}
