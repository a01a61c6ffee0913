// Stand-in of hudson.PluginWrapper (Jenkins 2.579): short name, version and the active/enabled state. Core builds
// it from an unpacked .hpi; the stand-in never loads plugin code, so its constructor is package-private and only
// the stand-in's plugin manager creates wrappers.
package hudson;

import hudson.util.VersionNumber;

public class PluginWrapper {
    private final String shortName;
    private final String version;
    private final boolean active;

    PluginWrapper(String shortName, String version, boolean active) {
        this.shortName = shortName;
        this.version = version;
        this.active = active;
    }

    public String getShortName() {
        return shortName;
    }

    public String getDisplayName() {
        return shortName;
    }

    public String getVersion() {
        return version;
    }

    public VersionNumber getVersionNumber() {
        return new VersionNumber(version);
    }

    public boolean isActive() {
        return active;
    }

    public boolean isEnabled() {
        return active;
    }

    @Override
    public String toString() {
        return "Plugin:" + shortName;
    }
}
