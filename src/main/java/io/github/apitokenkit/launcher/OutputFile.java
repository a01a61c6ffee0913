package io.github.apitokenkit.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where --output puts created token values. Checked before anything runs, by making an empty 0600 file beside the
 * target, so a path the launcher cannot write is found before a token exists; the values go into that file, which
 * is then moved onto the target in one step. Until then the target is not touched at all: a refused call leaves
 * the old value it may hold, and a path that is not a regular file (a folder, a link, a device) is refused as it is.
 */
final class OutputFile implements AutoCloseable {
    private final Path target;
    /** The private file the next content goes into; null once it was moved onto the target, until the next commit. */
    private Path pending;
    private final String option;

    private OutputFile(Path target, Path pending, String option) {
        this.target = target;
        this.pending = pending;
        this.option = option;
    }

    static OutputFile prepare(String path) throws LauncherException {
        return prepare(path, "--output");
    }

    /** As for --output, for the file another option names (render's --key). */
    static OutputFile prepare(String path, String option) throws LauncherException {
        Path target = Paths.get(path).toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            String what = Files.isSymbolicLink(target) ? "a symbolic link" : Files.isDirectory(target) ? "a folder" : "not a regular file";
            throw new LauncherException(ExitCode.USAGE, option + " " + Text.quote(path) + " is " + what
                    + ": give the path of a regular file (it was left as it is)");
        }
        Path folder = target.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new LauncherException(ExitCode.USAGE, option + " " + Text.quote(path) + ": the folder " + folder + " does not exist");
        }
        try {
            return new OutputFile(target, createPrivately(folder, target.getFileName().toString()), option);
        } catch (IOException e) {
            throw new LauncherException(ExitCode.USAGE, option + " " + Text.quote(path) + ": cannot write in " + folder + " ("
                    + e.getClass().getSimpleName() + "); choose a folder you may write");
        }
    }

    private static Path createPrivately(Path folder, String name) throws IOException {
        try {
            return Files.createTempFile(folder, "." + name + ".", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: no POSIX modes; the file is as private as the folder's access control list makes it.
            return Files.createTempFile(folder, "." + name + ".", ".tmp");
        }
    }

    /** Writes the content and moves it onto the target in one step; again with all of it for each later commit. */
    synchronized void commit(String content) throws LauncherException {
        try {
            if (pending == null) {
                pending = createPrivately(target.getParent(), target.getFileName().toString());
            }
            Files.writeString(pending, content, StandardCharsets.UTF_8);
            try {
                Files.move(pending, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(pending, target, StandardCopyOption.REPLACE_EXISTING);
            }
            pending = null;
        } catch (IOException e) {
            throw new LauncherException(ExitCode.USAGE, "cannot write " + option + " " + target + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Removes the prepared file if nothing was committed. */
    @Override
    public synchronized void close() {
        try {
            if (pending != null) {
                Files.deleteIfExists(pending);
            }
        } catch (IOException ignored) {
            // a leftover empty 0600 file beside the target holds nothing
        }
    }
}
