package io.github.apitokenkit.standin;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.Script;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.tools.GroovyClass;

/**
 * Stand-in plumbing, not a Jenkins class: how the stand-in compiles a script for the Script Console and init.groovy.d.
 * Core compiles every run afresh (a new GroovyShell per run). Compiling a kit script, runtime included, takes a tenth
 * of a second or more, and the specs run the same texts hundreds of times, so this keeps the bytecode of each text
 * (per parent class loader, compiler configuration and file name) and defines its classes again, in a loader of their
 * own, for every run: a run's classes and static state are its own as in core, and only the compiler's deterministic
 * work is skipped. A text that does not compile is compiled again at every run and throws what GroovyShell throws.
 * A sandbox process turns the keeping off ({@link #compileEveryRun}): clients are timed against it, and a client that
 * posts the same text again must not be answered faster than one whose text is new, since core compiles both.
 */
public final class CompiledScripts {
    private static final Map<ClassLoader, Map<List<Object>, Map<String, byte[]>>> BYTECODE = new WeakHashMap<>();
    private static volatile boolean keepBytecode = true;
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

    /**
     * What {@code new GroovyShell(parent, binding, configuration).evaluate(text, fileName)} returns. The script runs
     * from here, as GroovyShell runs it from Java: a Groovy caller would build the script class's metaclass, which on
     * JDK 17 fails for a file name that is not an identifier (init.groovy.d's "50-x.groovy") once it has a closure.
     */
    public static Object evaluate(String text, String fileName, ClassLoader parent, CompilerConfiguration configuration, Binding binding) {
        Map<String, byte[]> classes = bytecode(text, fileName, parent, configuration);
        String scriptClass = fileName.endsWith(".groovy") ? fileName.substring(0, fileName.length() - ".groovy".length()) : fileName;
        try {
            Script script = InvokerHelper.createScript(new Defining(parent, configuration, classes).loadClass(scriptClass), binding);
            return script.run();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compiling " + fileName + " gave no class " + scriptClass, e);
        }
    }

    private static Map<String, byte[]> bytecode(String text, String fileName, ClassLoader parent, CompilerConfiguration configuration) {
        List<Object> key = List.of(text, fileName, configuration);
        synchronized (BYTECODE) {
            Map<String, byte[]> known = BYTECODE.computeIfAbsent(parent, loader -> new HashMap<>()).get(key);
            if (known != null) {
                return known;
            }
        }
        COMPILATIONS.incrementAndGet();
        CompilationUnit unit = new CompilationUnit(configuration, null, new GroovyClassLoader(parent, configuration));
        unit.addSource(fileName, text);
        unit.compile(Phases.CLASS_GENERATION);
        Map<String, byte[]> compiled = new HashMap<>();
        for (Object generated : unit.getClasses()) {
            compiled.put(((GroovyClass) generated).getName(), ((GroovyClass) generated).getBytes());
        }
        Map<String, byte[]> classes = Collections.unmodifiableMap(compiled);
        if (!keepBytecode) {
            return classes;
        }
        synchronized (BYTECODE) {
            BYTECODE.computeIfAbsent(parent, loader -> new HashMap<>()).put(key, classes);
        }
        return classes;
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
