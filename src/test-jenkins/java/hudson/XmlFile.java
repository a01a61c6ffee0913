// Stand-in of hudson.XmlFile (Jenkins 2.579): an XStream-backed XML file written atomically. Encoding sniffing,
// the file-write replacement hooks and asString()'s charset handling are left out.
package hudson;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.XStreamException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

public final class XmlFile {
    private final XStream xs;
    private final File file;

    public XmlFile(File file) {
        this(jenkins.model.Jenkins.XSTREAM2, file);
    }

    public XmlFile(XStream xs, File file) {
        this.xs = xs;
        this.file = file;
    }

    public File getFile() {
        return file;
    }

    public XStream getXStream() {
        return xs;
    }

    public Object read() throws IOException {
        try (InputStream in = Files.newInputStream(file.toPath())) {
            return xs.fromXML(in);
        } catch (XStreamException | Error e) {
            throw new IOException("Unable to read " + file, e);
        }
    }

    public Object unmarshal(Object o) throws IOException {
        try (InputStream in = Files.newInputStream(file.toPath())) {
            return xs.fromXML(in, o);
        } catch (XStreamException | Error e) {
            throw new IOException("Unable to read " + file, e);
        }
    }

    public void write(Object o) throws IOException {
        File dir = file.getParentFile();
        Files.createDirectories(dir.toPath());
        File tmp = File.createTempFile("atomic", "tmp", dir);
        try {
            try (OutputStream out = Files.newOutputStream(tmp.toPath());
                 Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                w.write("<?xml version='1.1' encoding='UTF-8'?>\n");
                xs.toXML(o, w);
                w.write('\n');
            }
            Files.move(tmp.toPath(), file.toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp.toPath());
        }
    }

    public boolean exists() {
        return file.exists();
    }

    public void delete() throws IOException {
        Files.deleteIfExists(file.toPath());
    }

    public String asString() throws IOException {
        return Files.readString(file.toPath(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
