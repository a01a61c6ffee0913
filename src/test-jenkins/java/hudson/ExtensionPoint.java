// Stand-in of hudson.ExtensionPoint (Jenkins 2.579): the marker interface of extension points. Its nested
// LegacyInstancesAreScopedToHudson annotation is left out.
package hudson;

public interface ExtensionPoint {
}
