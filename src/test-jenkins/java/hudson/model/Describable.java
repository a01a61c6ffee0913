// Stand-in of hudson.model.Describable (Jenkins 2.579), reduced to getDescriptor().
package hudson.model;

public interface Describable<T extends Describable<T>> {
    Descriptor<T> getDescriptor();
}
