package io.github.apitokenkit.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * --audit-log FILE: the audit records the kit's scripts return in their envelope (one per change, or per change a dry
 * run would make; never a value), appended to FILE as JSON lines, each with the URL of the controller it comes from,
 * in the order the controllers were given. A new file is made 0600; an existing one must be a regular file, and is
 * only ever appended to. Checked before anything is sent.
 */
final class AuditLog {
    private final Path file;

    private AuditLog(Path file) {
        this.file = file;
    }

    static AuditLog open(String path) throws LauncherException {
        Path file = Paths.get(path).toAbsolutePath().normalize();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !Files.isWritable(file)
                : file.getParent() == null || !Files.isDirectory(file.getParent()) || !Files.isWritable(file.getParent())) {
            throw new LauncherException(ExitCode.USAGE, "--audit-log " + Text.quote(path) + " must be a regular file you may write, "
                    + "or a new one in a folder you may write");
        }
        return new AuditLog(file);
    }

    /** Appends every outcome's records; returns how many lines were written. */
    int append(List<Outcome> outcomes) throws LauncherException {
        StringBuilder lines = new StringBuilder();
        int count = 0;
        for (Outcome outcome : outcomes) {
            for (Object record : outcome.audit) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("url", outcome.url);
                if (record instanceof Map) {
                    for (Map.Entry<?, ?> field : ((Map<?, ?>) record).entrySet()) {
                        line.put(String.valueOf(field.getKey()), field.getValue());
                    }
                }
                lines.append(Json.write(line)).append('\n');
                count++;
            }
        }
        if (count == 0) {
            return 0;
        }
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                createPrivately();
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)) {
                out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new LauncherException(ExitCode.SCRIPT_FAILED, "could not append " + count + " audit record(s) to " + file + " ("
                    + e.getClass().getSimpleName() + "); the changes were made: see the controller's log (io.github.apitokenkit.audit)");
        }
        return count;
    }

    private void createPrivately() throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // Made meanwhile by another run: append to it as it is.
        }
    }
}
