package io.github.apitokenkit.support

import org.codehaus.groovy.ast.ClassCodeVisitorSupport
import org.codehaus.groovy.ast.ClassNode
import org.codehaus.groovy.ast.MethodNode
import org.codehaus.groovy.ast.Parameter
import org.codehaus.groovy.ast.expr.ClassExpression
import org.codehaus.groovy.ast.expr.ClosureExpression
import org.codehaus.groovy.ast.expr.ConstantExpression
import org.codehaus.groovy.ast.expr.ConstructorCallExpression
import org.codehaus.groovy.ast.expr.DeclarationExpression
import org.codehaus.groovy.ast.expr.Expression
import org.codehaus.groovy.ast.expr.MethodCallExpression
import org.codehaus.groovy.ast.expr.MethodPointerExpression
import org.codehaus.groovy.ast.expr.PropertyExpression
import org.codehaus.groovy.ast.expr.VariableExpression
import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.Phases
import org.codehaus.groovy.control.SourceUnit

/**
 * What a script calls in the kit's runtime, read from its syntax tree as Groovy parses it (not from its text): the
 * members of class ApiTokenKit called, read or pointed at through the kit (a variable of type ApiTokenKit or named
 * kit, ApiTokenKit's statics, or inside ApiTokenKit its own implicit this), and its nested classes named as types.
 * Groovy resolves such calls only when they run, so a call whose section a copy lacks would fail on a controller, in
 * the one run that takes that path; unresolved() finds it before.
 */
class RuntimeCalls {
    static final String KIT = 'ApiTokenKit'

    /** The members class ApiTokenKit declares in this text: its methods, fields and nested classes. */
    static Set<String> declared(String text) {
        ClassNode kit = classes(text).find { it.name == KIT }
        if (kit == null) {
            return [] as Set
        }
        Set<String> members = (kit.methods*.name + kit.fields*.name) as Set
        members.addAll(classes(text).findAll { it.name.startsWith(KIT + '$') }.collect { it.name.substring(KIT.length() + 1) })
        return members
    }

    /**
     * The members of the whole runtime (runtimeMembers) this text uses through the kit but does not declare, sorted;
     * and "computed call" for a call on the kit whose name is computed, which no reading can check.
     */
    static List<String> unresolved(String text, Set<String> runtimeMembers) {
        Set<String> here = declared(text)
        return used(text).findAll { it == 'computed call' || (it in runtimeMembers && !(it in here)) }.toSorted()
    }

    /** Every name used through the kit in this text. */
    static Set<String> used(String text) {
        List<ClassNode> classes = classes(text)
        KitVariables kits = new KitVariables()
        classes.each { kits.visitClass(it) }
        KitUses uses = new KitUses(kitVariables: kits.names)
        classes.each { ClassNode type ->
            uses.insideKit = type.name == KIT
            uses.visitClass(type)
        }
        return uses.names
    }

    /** The variables that hold a kit: kit, and closure parameters and locals of type ApiTokenKit. */
    private static class KitVariables extends ClassCodeVisitorSupport {
        final Set<String> names = ['kit'] as Set

        @Override
        protected SourceUnit getSourceUnit() {
            return null
        }

        @Override
        void visitClosureExpression(ClosureExpression closure) {
            closure.parameters?.findAll { it.type.name == KIT }?.each { names << it.name }
            super.visitClosureExpression(closure)
        }

        @Override
        void visitDeclarationExpression(DeclarationExpression declaration) {
            if (declaration.leftExpression instanceof VariableExpression && declaration.leftExpression.type.name == KIT) {
                names << ((VariableExpression) declaration.leftExpression).name
            }
            super.visitDeclarationExpression(declaration)
        }
    }

    /** The names used through the kit, and the nested classes named as types. */
    private static class KitUses extends ClassCodeVisitorSupport {
        Set<String> kitVariables
        boolean insideKit
        final Set<String> names = [] as Set

        @Override
        protected SourceUnit getSourceUnit() {
            return null
        }

        private boolean isKit(Expression receiver) {
            if (receiver instanceof VariableExpression) {
                String name = ((VariableExpression) receiver).name
                return (insideKit && name == 'this') || name in kitVariables || name == KIT
            }
            if (receiver instanceof ClassExpression || receiver instanceof ConstructorCallExpression) {
                return receiver.type.name == KIT
            }
            return false
        }

        private void typeNamed(ClassNode type) {
            if (type != null) {
                names << type.name.tokenize('.$')[-1]
            }
        }

        @Override
        void visitMethodCallExpression(MethodCallExpression call) {
            if (isKit(call.objectExpression)) {
                names << (call.method instanceof ConstantExpression ? call.methodAsString : 'computed call')
            }
            super.visitMethodCallExpression(call)
        }

        @Override
        void visitPropertyExpression(PropertyExpression property) {
            if (isKit(property.objectExpression)) {
                names << (property.property instanceof ConstantExpression ? property.propertyAsString : 'computed call')
            }
            super.visitPropertyExpression(property)
        }

        @Override
        void visitMethodPointerExpression(MethodPointerExpression pointer) {
            if (isKit(pointer.expression)) {
                names << (pointer.methodName instanceof ConstantExpression ? pointer.methodName.text : 'computed call')
            }
            super.visitMethodPointerExpression(pointer)
        }

        @Override
        void visitVariableExpression(VariableExpression variable) {
            if (insideKit && variable.name ==~ /[A-Z][A-Z0-9_]+/) {
                // A constant of ApiTokenKit read bare (the instance fields are all in the core, in every copy).
                names << variable.name
            }
            super.visitVariableExpression(variable)
        }

        @Override
        void visitConstructorCallExpression(ConstructorCallExpression call) {
            typeNamed(call.type)
            super.visitConstructorCallExpression(call)
        }

        @Override
        void visitDeclarationExpression(DeclarationExpression declaration) {
            typeNamed(declaration.leftExpression.type)
            super.visitDeclarationExpression(declaration)
        }

        @Override
        void visitClosureExpression(ClosureExpression closure) {
            closure.parameters?.each { Parameter parameter -> typeNamed(parameter.type) }
            super.visitClosureExpression(closure)
        }

        @Override
        void visitMethod(MethodNode method) {
            typeNamed(method.returnType)
            method.parameters.each { Parameter parameter -> typeNamed(parameter.type) }
            super.visitMethod(method)
        }
    }

    /** The classes of a Groovy text, parsed (not compiled: no class needs to be found). */
    static List<ClassNode> classes(String text) {
        CompilationUnit unit = new CompilationUnit()
        unit.addSource('Checked.groovy', text)
        unit.compile(Phases.CONVERSION)
        return unit.AST.modules.collectMany { it.classes }
    }
}
