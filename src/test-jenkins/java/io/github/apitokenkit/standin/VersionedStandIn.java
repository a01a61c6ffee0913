package io.github.apitokenkit.standin;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Stand-in plumbing, not a Jenkins class: the stand-in as a given Jenkins version. A class loader of its own loads
 * the stand-in (and the project's runners, which must see the same classes) from the test class path, each class
 * file as compiled ({@link StandInRelease} keeps those it rewrote for the followed release), leaving out every member
 * whose {@link Since} is younger than the version, or that core had removed by then. What loads through
 * it sees a Jenkins that lacks those members: reflection, Groovy's dispatch and the kit's capability checks alike.
 * Everything else (the JDK, Groovy, Spring, XStream) comes from the parent, shared.
 */
public final class VersionedStandIn extends ClassLoader {
    /** Packages that play Jenkins, or run scripts against it: loaded anew, at the version. */
    private static final List<String> OWN = List.of("jenkins.", "hudson.", "org.jvnet.hudson.test.", "org.kohsuke.stapler.", "com.cloudbees.",
            "io.github.apitokenkit.standin.", "io.github.apitokenkit.support.");
    /**
     * Plumbing that knows no Jenkins class, shared by every version: Since, which says when members came, and
     * CompiledScripts, so that a script compiled once serves every version that resolves its names alike.
     */
    private static final List<String> SHARED = List.of(Since.class.getName(), CompiledScripts.class.getName());
    private final String version;

    public VersionedStandIn(String version, ClassLoader parent) {
        super(parent);
        this.version = version;
    }

    public String version() {
        return version;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null && OWN.stream().anyMatch(name::startsWith) && !shared(name)) {
                loaded = define(name);
            }
            if (loaded == null) {
                return super.loadClass(name, resolve);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private static boolean shared(String name) {
        for (String plumbing : SHARED) {
            if (name.equals(plumbing) || name.startsWith(plumbing + "$")) {
                return true;
            }
        }
        return false;
    }

    private Class<?> define(String name) throws ClassNotFoundException {
        byte[] original;
        String path = name.replace('.', '/') + ".class";
        // A class file that StandInRelease made the followed release is read as compiled, with its removed members.
        try (InputStream asCompiled = getParent().getResourceAsStream(StandInRelease.AS_COMPILED + path);
             InputStream in = asCompiled != null ? asCompiled : getParent().getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            original = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        byte[] atVersion = withoutYoungerMembers(original);
        return defineClass(name, atVersion, 0, atVersion.length);
    }

    /** The class file without the members that a Jenkins of this version did not have. */
    byte[] withoutYoungerMembers(byte[] classFile) {
        Set<String> absent = absentMembers(classFile);
        if (absent.isEmpty()) {
            return classFile;
        }
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(0);
        String self = reader.getClassName();
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if (absent.contains(name + descriptor)) {
                    return null;
                }
                // A constructor still assigns the fields this version lacks: the value and the object are dropped instead.
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String type) {
                        if (opcode == Opcodes.PUTFIELD && owner.equals(self) && absent.contains(field + ":" + type)) {
                            super.visitInsn(type.equals("J") || type.equals("D") ? Opcodes.POP2 : Opcodes.POP);
                            super.visitInsn(Opcodes.POP);
                        } else {
                            super.visitFieldInsn(opcode, owner, field, type);
                        }
                    }
                };
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                return absent.contains(name + ":" + descriptor) ? null : super.visitField(access, name, descriptor, signature, value);
            }
        }, 0);
        return writer.toByteArray();
    }

    /** Members (name + descriptor; fields as name:descriptor) whose Since says this version lacks them. */
    private Set<String> absentMembers(byte[] classFile) {
        Set<String> absent = new HashSet<>();
        String sinceDescriptor = "L" + Since.class.getName().replace('.', '/') + ";";
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        return annotation.equals(sinceDescriptor) ? judge(name + descriptor, absent) : null;
                    }
                };
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                return new FieldVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        return annotation.equals(sinceDescriptor) ? judge(name + ":" + descriptor, absent) : null;
                    }
                };
            }
        }, ClassReader.SKIP_CODE);
        return absent;
    }

    private AnnotationVisitor judge(String member, Set<String> absent) {
        return new AnnotationVisitor(Opcodes.ASM9) {
            private String since = "0";
            private String removed = "";

            @Override
            public void visit(String name, Object value) {
                if (name.equals("value")) {
                    since = (String) value;
                } else if (name.equals("removed")) {
                    removed = (String) value;
                }
            }

            @Override
            public void visitEnd() {
                if (older(version, since) || (!removed.isEmpty() && !older(version, removed))) {
                    absent.add(member);
                }
            }
        };
    }

    /** Whether release a comes before release b (2.129 < 2.260 < 2.263.1). */
    static boolean older(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return p < q;
            }
        }
        return false;
    }
}
