package io.github.apitokenkit.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * scripts/lib/runtime.groovy read as sections, and the copy of it each script carries: its core, the sections the
 * script's own part calls into, the sections those declare they need (transitively), and the end of the class, all
 * verbatim and in the runtime's order. bin/sync-script-runtime runs this file as a program to write the copies;
 * RuntimeSectionsSpec checks that every copy is what it would write, and that every call into the runtime made in a
 * copy resolves inside it.
 *
 * <p>The runtime's layout: everything before the first section marker is the core (the header, the classes a script
 * names, and the start of class ApiTokenKit with what every run needs); each marker line
 * {@code // ---- section NAME (needs A, B): what it holds} starts a section of ApiTokenKit's members, up to the next
 * marker; the line closing the class and the end marker are the tail. Core and tail are in every copy.
 */
public final class RuntimeSections {
    /** The first line of the runtime, and of the copy in a script: everything above it is the script's own part. */
    public static final String START = "// ---- api-token-kit runtime";
    public static final String CORE = "core";
    public static final String TAIL = "tail";
    static final Pattern MARKER = Pattern.compile("^\\s*// ---- section ([a-z][a-z-]*)(?: \\(needs ([a-z][a-z, -]*)\\))?: .+$");
    /** A member of ApiTokenKit, declared at its indentation: a method (its name before the parenthesis) or a field. */
    static final Pattern METHOD = Pattern.compile("^    (?:static )?(?:[A-Za-z][^=(]*[^\\w=(])?(\\w+)\\(.*\\{$");
    static final Pattern FIELD = Pattern.compile("^    [A-Za-z][^=(]* (\\w+)(?: = .*)?$");
    /** How a script's own part calls the runtime: through its kit (the body's parameter), or ApiTokenKit's statics. */
    static final Pattern KIT_CALL = Pattern.compile("\\b(?:kit|ApiTokenKit)\\.(\\w+)");

    /** One section: its name, the sections it declares it needs, its text (whole lines) and the members it declares. */
    public static final class Section {
        public final String name;
        public final List<String> needs;
        public final String text;
        public final Set<String> members;

        Section(String name, List<String> needs, String text, Set<String> members) {
            this.name = name;
            this.needs = needs;
            this.text = text;
            this.members = members;
        }
    }

    private final Map<String, Section> sections;

    private RuntimeSections(Map<String, Section> sections) {
        this.sections = sections;
    }

    public static RuntimeSections read(Path runtime) throws IOException {
        return parse(Files.readString(runtime, StandardCharsets.UTF_8));
    }

    /** The runtime's text split at its markers; refused when it does not have the layout above. */
    public static RuntimeSections parse(String runtime) {
        if (!runtime.startsWith(START) || !runtime.endsWith("\n")) {
            throw new IllegalArgumentException("the runtime must start with its marker line (" + START + ") and end with a newline");
        }
        List<String> all = Arrays.asList(runtime.split("\n", -1));
        List<String> lines = all.subList(0, all.size() - 1);
        int tail = lines.lastIndexOf("}");
        if (tail < 0 || tail != lines.size() - 2 || !lines.get(lines.size() - 1).startsWith("// ---- end of api-token-kit runtime")) {
            throw new IllegalArgumentException("the runtime must end with the line closing class ApiTokenKit, then its end marker");
        }
        Map<String, Section> sections = new LinkedHashMap<>();
        String name = CORE;
        List<String> needs = List.of();
        int start = 0;
        for (int i = 0; i <= tail; i++) {
            Matcher marker = i < tail ? MARKER.matcher(lines.get(i)) : null;
            if (i == tail || marker.matches()) {
                add(sections, name, needs, lines.subList(start, i));
                if (i < tail) {
                    name = marker.group(1);
                    needs = marker.group(2) == null ? List.of() : List.of(marker.group(2).trim().split("\\s*,\\s*"));
                    start = i;
                }
            } else if (lines.get(i).contains("// ---- section")) {
                throw new IllegalArgumentException("line " + (i + 1) + " looks like a section marker but is not one: " + lines.get(i).trim());
            }
        }
        add(sections, TAIL, List.of(), lines.subList(tail, lines.size()));
        for (Section section : sections.values()) {
            for (String needed : section.needs) {
                if (!sections.containsKey(needed) || needed.equals(CORE) || needed.equals(TAIL)) {
                    throw new IllegalArgumentException("section " + section.name + " needs " + needed + ", which is not a section one can need");
                }
            }
        }
        return new RuntimeSections(sections);
    }

    private static void add(Map<String, Section> sections, String name, List<String> needs, List<String> lines) {
        if (sections.containsKey(name)) {
            throw new IllegalArgumentException("section " + name + " is declared twice");
        }
        Set<String> members = new LinkedHashSet<>();
        for (String line : lines) {
            Matcher method = METHOD.matcher(line);
            Matcher field = FIELD.matcher(line);
            if (method.matches()) {
                members.add(method.group(1));
            } else if (field.matches() && !line.trim().startsWith("return")) {
                members.add(field.group(1));
            } else if (line.matches("(    static )?class \\w+.*")) {
                members.add(line.trim().replace("static ", "").split("[ {]+")[1]);
            }
        }
        sections.put(name, new Section(name, needs, String.join("\n", lines) + "\n", members));
    }

    public List<Section> sections() {
        return new ArrayList<>(sections.values());
    }

    public Section section(String name) {
        return sections.get(name);
    }

    /**
     * The names of the sections a script's own part calls into (core and tail aside): kit.NAME, ApiTokenKit.NAME (a
     * constant, or a nested class such as ApiTokenKit.TokenSelector).
     */
    public Set<String> calledBy(String ownPart) {
        Set<String> names = new TreeSet<>();
        Matcher call = KIT_CALL.matcher(ownPart);
        while (call.find()) {
            names.add(call.group(1));
        }
        Set<String> reached = new LinkedHashSet<>();
        for (Section section : sections.values()) {
            if (!section.name.equals(CORE) && !section.name.equals(TAIL) && section.members.stream().anyMatch(names::contains)) {
                reached.add(section.name);
            }
        }
        return reached;
    }

    /** Core, tail, the given sections and every section they need, transitively: the names, in the runtime's order. */
    public List<String> closure(Set<String> wanted) {
        Set<String> all = new LinkedHashSet<>(List.of(CORE, TAIL));
        Deque<String> pending = new ArrayDeque<>(wanted);
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (!sections.containsKey(name)) {
                throw new IllegalArgumentException("no section " + name);
            }
            if (all.add(name)) {
                pending.addAll(sections.get(name).needs);
            }
        }
        List<String> ordered = new ArrayList<>();
        for (String name : sections.keySet()) {
            if (all.contains(name)) {
                ordered.add(name);
            }
        }
        return ordered;
    }

    /** The text of these sections, in the runtime's order. */
    public String text(List<String> names) {
        StringBuilder text = new StringBuilder();
        for (Section section : sections.values()) {
            if (names.contains(section.name)) {
                text.append(section.text);
            }
        }
        return text.toString();
    }

    /** The runtime copy a script with this own part carries. */
    public String copyFor(String ownPart) {
        return text(closure(calledBy(ownPart)));
    }

    /** A script's text above its runtime copy; refused when it has no copy. */
    public static String ownPart(String script) {
        int at = script.indexOf("\n" + START);
        if (at < 0) {
            throw new IllegalArgumentException("no runtime block (a line starting " + START + ")");
        }
        return script.substring(0, at + 1);
    }

    /** The scripts that carry a runtime copy: scripts/*.groovy and init.groovy.d/*.groovy under the project's root. */
    public static List<Path> scripts(Path root) throws IOException {
        List<Path> scripts = new ArrayList<>();
        for (String folder : List.of("scripts", "init.groovy.d")) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve(folder), "*.groovy")) {
                for (Path file : files) {
                    if (Files.readString(file, StandardCharsets.UTF_8).contains("\n" + START)) {
                        scripts.add(file);
                    }
                }
            }
        }
        scripts.sort(null);
        return scripts;
    }

    /** Writes into every script its own part and its runtime copy, and says what each carries. Run by bin/sync-script-runtime. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        RuntimeSections runtime = read(root.resolve("scripts/lib/runtime.groovy"));
        for (Path script : scripts(root)) {
            String own = ownPart(Files.readString(script, StandardCharsets.UTF_8));
            List<String> names = runtime.closure(runtime.calledBy(own));
            String text = own + runtime.text(names);
            Files.writeString(script, text, StandardCharsets.UTF_8);
            System.out.printf("%-45s %5.1f kB  %s%n", root.relativize(script), text.getBytes(StandardCharsets.UTF_8).length / 1000.0,
                    String.join(" ", names));
        }
    }
}
