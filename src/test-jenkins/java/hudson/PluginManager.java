// Stand-in of hudson.PluginManager (Jenkins 2.579): the plugin list and uberClassLoader, which here is the test
// class path (so a class "from a plugin" is found by name exactly when a test puts it there). Installing, updating
// and loading plugins is left out; a stand-in Jenkins has no plugins.
package hudson;

import jakarta.servlet.ServletContext;
import java.io.File;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.Jenkins;

public abstract class PluginManager {
    protected final List<PluginWrapper> plugins = new CopyOnWriteArrayList<>();
    public final File rootDir;
    public final ClassLoader uberClassLoader = PluginManager.class.getClassLoader();

    protected PluginManager(ServletContext context, File rootDir) {
        this.rootDir = rootDir;
    }

    public static PluginManager createDefault(Jenkins jenkins) {
        return new PluginManager(null, new File(jenkins.getRootDir(), "plugins")) {};
    }

    public List<PluginWrapper> getPlugins() {
        return plugins;
    }

    public PluginWrapper getPlugin(String shortName) {
        for (PluginWrapper p : plugins) {
            if (p.getShortName().equals(shortName)) {
                return p;
            }
        }
        return null;
    }
}
