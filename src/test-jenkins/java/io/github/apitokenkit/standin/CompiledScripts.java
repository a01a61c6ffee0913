package io.github.apitokenkit.standin;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.Script;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.codehaus.groovy.ast.AnnotatedNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.objectweb.asm.ClassReader;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.tools.GroovyClass;

/**
 * Stand-in plumbing, not a Jenkins class: how the stand-in compiles a script for the Script Console and init.groovy.d.
 * Core compiles every run afresh (a new GroovyShell per run). Compiling a kit script, runtime included, takes a tenth
 * of a second or more, and the specs run the same texts hundreds of times, so this keeps the bytecode of each text
 * (per compiler configuration and file name) and defines its classes again, in a loader of their own, for every run:
 * a run's classes and static state are its own as in core, and only the compiler's deterministic work is skipped. A
 * text that does not compile is compiled again at every run and throws what GroovyShell throws.
 * <p>
 * Sharing one definition of the classes between the runs of a text that holds no state in them was tried, and
 * measured: {@code mvn -B -o clean verify} took 136 s with it and 143 s without (medians of two interleaved runs each,
 * on the project's 2-core machine), which is not worth the rules it needed to stay faithful.
 * <p>
 * The bytecode depends on the parent class loader only through the class names (and .groovy sources) the compiler
 * looked up there and what it found, which are recorded: another parent (the stand-in loaded as another Jenkins
 * version, {@link VersionedStandIn}) that finds exactly the same gets the same bytecode, and its run still meets that
 * version's classes, since they are resolved when it runs. That holds for dynamic Groovy; a compile that may also have
 * read members of the classes it found is kept for its own parent only: a static import, a class of the text
 * extending or implementing one that is not the JDK's or Groovy's, or any annotation but {@code @Field} (a transform
 * such as {@code @Delegate}, {@code @TypeChecked} or {@code @CompileStatic} reads them). VersionedStandIn shares this
 * class, not a copy per version, and two of its versions over one class path find the same by construction, so
 * between them the record is not asked again (that would cost what a compile does).
 * <p>
 * A sandbox process turns the keeping off ({@link #compileEveryRun}): clients are timed against it, and a client that
 * posts the same text again must not be answered faster than one whose text is new, since core compiles both.
 */
public final class CompiledScripts {
    /** Per text, file name and configuration: what each compile of it gave, and for which parents. */
    private static final Map<List<Object>, List<Compiled>> BYTECODE = new HashMap<>();
    /** The Script Console's configurations, one per list of star imports, so that versions of the console share them. */
    private static final Map<List<String>, CompilerConfiguration> STAR_IMPORTING = new HashMap<>();
    private static volatile boolean keepBytecode = true;
    /** Compiles kept for one text: one per parent that resolves it otherwise, and that is rare past a handful. */
    private static final int KEPT_PER_TEXT = 16;
    private static final AtomicLong COMPILATIONS = new AtomicLong();

    private CompiledScripts() {}

    /** How many texts this JVM has compiled so far: how a spec sees whether a run compiled. */
    public static long compilations() {
        return COMPILATIONS.get();
    }

    /** From now on every run compiles its text, as core does; for this JVM's life. */
    public static void compileEveryRun() {
        keepBytecode = false;
        synchronized (BYTECODE) {
            BYTECODE.clear();
        }
    }

    /** A compiler configuration with these star imports and nothing else; the same one for the same packages. */
    public static synchronized CompilerConfiguration withStarImports(List<String> packages) {
        return STAR_IMPORTING.computeIfAbsent(List.copyOf(packages), imported -> {
            ImportCustomizer imports = new ImportCustomizer();
            imports.addStarImports(imported.toArray(new String[0]));
            CompilerConfiguration configuration = new CompilerConfiguration();
            configuration.addCompilationCustomizers(imports);
            return configuration;
        });
    }

    /**
     * What {@code new GroovyShell(parent, binding, configuration).evaluate(text, fileName)} returns. The script runs
     * from here, as GroovyShell runs it from Java: a Groovy caller would build the script class's metaclass, which on
     * JDK 17 fails for a file name that is not an identifier (init.groovy.d's "50-x.groovy") once it has a closure.
     */
    public static Object evaluate(String text, String fileName, ClassLoader parent, CompilerConfiguration configuration, Binding binding) {
        Compiled compiled = compiled(text, fileName, parent, configuration);
        String scriptClass = fileName.endsWith(".groovy") ? fileName.substring(0, fileName.length() - ".groovy".length()) : fileName;
        try {
            Script script = InvokerHelper.createScript(compiled.loaderFor(parent, configuration).loadClass(scriptClass), binding);
            return script.run();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compiling " + fileName + " gave no class " + scriptClass, e);
        }
    }

    private static Compiled compiled(String text, String fileName, ClassLoader parent, CompilerConfiguration configuration) {
        List<Object> key = List.of(text, fileName, configuration);
        List<Compiled> known;
        synchronized (BYTECODE) {
            known = keepBytecode ? new ArrayList<>(BYTECODE.getOrDefault(key, List.of())) : List.of();
        }
        for (Compiled compiled : known) {
            if (compiled.serves(parent)) {
                return compiled;
            }
        }
        COMPILATIONS.incrementAndGet();
        Recording loader = new Recording(parent, configuration);
        CompilationUnit unit = new CompilationUnit(configuration, null, loader);
        unit.addSource(fileName, text);
        unit.compile(Phases.CLASS_GENERATION);
        Map<String, byte[]> classes = new HashMap<>();
        for (Object generated : unit.getClasses()) {
            classes.put(((GroovyClass) generated).getName(), ((GroovyClass) generated).getBytes());
        }
        boolean membersRead = false;
        for (ModuleNode module : unit.getAST().getModules()) {
            membersRead |= !module.getStaticImports().isEmpty() || !module.getStaticStarImports().isEmpty();
        }
        boolean annotations = false;
        for (Object node : unit.getAST().getClasses()) {
            annotations |= annotated((ClassNode) node);
        }
        membersRead |= annotations;
        for (byte[] bytes : classes.values()) {
            ClassReader reader = new ClassReader(bytes);
            membersRead |= !ownOrShared(reader.getSuperName(), classes);
            for (String implemented : reader.getInterfaces()) {
                membersRead |= !ownOrShared(implemented, classes);
            }
        }
        Compiled compiled = new Compiled(Collections.unmodifiableMap(classes), parent, membersRead ? null : loader.lookedUp());
        synchronized (BYTECODE) {
            List<Compiled> kept = BYTECODE.computeIfAbsent(key, k -> new ArrayList<>());
            if (keepBytecode && kept.size() < KEPT_PER_TEXT) {
                kept.add(compiled);
            }
        }
        return compiled;
    }

    /** Whether a class of the text, or one of its members or parameters, carries an annotation other than @Field. */
    private static boolean annotated(ClassNode node) {
        List<AnnotatedNode> annotatedNodes = new ArrayList<>();
        annotatedNodes.add(node);
        annotatedNodes.addAll(node.getFields());
        annotatedNodes.addAll(node.getProperties());
        List<MethodNode> methods = new ArrayList<>(node.getMethods());
        methods.addAll(node.getDeclaredConstructors());
        for (MethodNode method : methods) {
            annotatedNodes.add(method);
            annotatedNodes.addAll(List.of(method.getParameters()));
        }
        for (AnnotatedNode annotatedNode : annotatedNodes) {
            for (AnnotationNode annotation : annotatedNode.getAnnotations()) {
                if (!annotation.getClassNode().getName().equals("groovy.transform.Field")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a supertype (internal name) is one of the text's own classes, the JDK's or Groovy's: the same for every parent. */
    private static boolean ownOrShared(String internalName, Map<String, byte[]> own) {
        String name = internalName.replace('/', '.');
        return own.containsKey(name) || name.startsWith("java.") || name.startsWith("groovy.") || name.startsWith("org.codehaus.groovy.");
    }

    /** One compile's bytecode, the parent it was compiled against, and what it looked up there (null: that parent only). */
    private static final class Compiled {
        final Map<String, byte[]> classes;
        final WeakReference<ClassLoader> compiledAgainst;
        final Map<String, Object> lookedUp;

        Compiled(Map<String, byte[]> classes, ClassLoader parent, Map<String, Object> lookedUp) {
            this.classes = classes;
            this.compiledAgainst = new WeakReference<>(parent);
            this.lookedUp = lookedUp;
        }

        /** The loader a run defines its classes in: a new one for each run, as core's new shell. */
        Defining loaderFor(ClassLoader parent, CompilerConfiguration configuration) {
            return new Defining(parent, configuration, classes);
        }

        /** Whether compiling against this parent would give the same bytecode: it finds exactly the names this one did. */
        boolean serves(ClassLoader parent) {
            ClassLoader against = compiledAgainst.get();
            if (against == parent) {
                return true;
            }
            if (lookedUp == null) {
                return false;
            }
            if (against instanceof VersionedStandIn && parent instanceof VersionedStandIn && against.getParent() == parent.getParent()) {
                // Two versions over one class path find the same names and sources: VersionedStandIn drops members,
                // never classes, and leaves resources to that class path. Asking again would cost what compiling does.
                return true;
            }
            for (Map.Entry<String, Object> lookup : lookedUp.entrySet()) {
                String name = lookup.getKey();
                Object found = name.startsWith(RESOURCE) ? String.valueOf(parent.getResource(name.substring(RESOURCE.length()))) : finds(parent, name);
                if (!found.equals(lookup.getValue())) {
                    return false;
                }
            }
            return true;
        }

        private static boolean finds(ClassLoader parent, String name) {
            try {
                Class.forName(name, false, parent);
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }

    /** Marks a resource (a .groovy source the compiler looked for) among the recorded class names. */
    private static final String RESOURCE = "resource:";

    /**
     * The compiler's class loader: records every class name it is asked for and whether the parent had it, and every
     * resource (where the compiler looks for a .groovy source of a name) and where it was found.
     */
    private static final class Recording extends GroovyClassLoader {
        private final Map<String, Object> lookedUp = new HashMap<>();

        Recording(ClassLoader parent, CompilerConfiguration configuration) {
            super(parent, configuration);
        }

        @Override
        public Class loadClass(String name, boolean lookupScriptFiles, boolean preferClassOverScript, boolean resolve)
                throws ClassNotFoundException {
            try {
                Class found = super.loadClass(name, lookupScriptFiles, preferClassOverScript, resolve);
                record(name, true);
                return found;
            } catch (ClassNotFoundException | CompilationFailedException e) {
                record(name, false);
                throw e;
            }
        }

        @Override
        public URL getResource(String name) {
            URL found = super.getResource(name);
            record(RESOURCE + name, String.valueOf(found));
            return found;
        }

        private synchronized void record(String name, Object found) {
            lookedUp.putIfAbsent(name, found);
        }

        synchronized Map<String, Object> lookedUp() {
            return Collections.unmodifiableMap(new HashMap<>(lookedUp));
        }
    }

    /** Defines one run's classes from their bytecode; everything else comes from the parent, as in core. */
    private static final class Defining extends GroovyClassLoader {
        private final Map<String, byte[]> classes;

        Defining(ClassLoader parent, CompilerConfiguration configuration, Map<String, byte[]> classes) {
            super(parent, configuration);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            return bytes == null ? super.findClass(name) : defineClass(name, bytes, 0, bytes.length);
        }
    }
}
