// Stand-in of jenkins.model.Jenkins (Jenkins 2.579): the singleton, its root directory, security realm,
// authorization strategy, crumb issuer and plugin manager, the Overall permissions, getAuthentication2, the version
// and extension lookups; config.xml (root element <hudson>) persists realm, strategy and crumb issuer, as in core.
// Construction does, in one thread, the part of core's boot that matters to tokens: load config.xml, register the
// extensions the stand-in models, load global configurations, scan users from disk; reload() re-reads config.xml and
// the users as core's does. Items, nodes, views, the reactor, Stapler and everything else are left out.
package jenkins.model;

import hudson.ExtensionList;
import hudson.PluginManager;
import hudson.XmlFile;
import hudson.model.Descriptor;
import hudson.model.Saveable;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.AuthorizationStrategy;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.SecurityRealm;
import hudson.security.csrf.CrumbIssuer;
import hudson.security.csrf.DefaultCrumbIssuer;
import hudson.util.VersionNumber;
import hudson.util.XStream2;
import io.github.apitokenkit.standin.ConfidentialStore;
import io.github.apitokenkit.standin.Extensions;
import jakarta.servlet.ServletContext;
import java.io.File;
import java.io.IOException;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.security.ApiTokenProperty;
import jenkins.security.apitoken.ApiTokenPropertyConfiguration;
import org.jvnet.hudson.reactor.ReactorException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

public class Jenkins implements AccessControlled, Saveable {
    private static final Logger LOGGER = Logger.getLogger(Jenkins.class.getName());
    private static volatile Jenkins theInstance;

    public static final XStream2 XSTREAM2 = new XStream2();

    static {
        XSTREAM2.alias("hudson", hudson.model.Hudson.class);
    }

    public static final PermissionGroup PERMISSIONS = Permission.HUDSON_PERMISSIONS;
    public static final Permission ADMINISTER = Permission.HUDSON_ADMINISTER;
    public static final Permission MANAGE = new Permission(PERMISSIONS, "Manage", ADMINISTER);
    public static final Permission READ = new Permission(PERMISSIONS, "Read", Permission.READ);
    /** Deprecated in core 2.222: the script console checks ADMINISTER; kept because scripts may still name it. */
    @Deprecated
    public static final Permission RUN_SCRIPTS = new Permission(PERMISSIONS, "RunScripts", ADMINISTER);

    public static final Authentication ANONYMOUS2 = new AnonymousAuthenticationToken(
            "anonymous", "anonymous", Set.of(new SimpleGrantedAuthority("anonymous")));

    /** The core version this stand-in follows (JENKINS-FACTS.md was read from this snapshot). */
    public static String VERSION = io.github.apitokenkit.standin.StandInRelease.VERSION + "-SNAPSHOT";

    private String version;
    private Boolean useSecurity;
    private volatile SecurityRealm securityRealm = SecurityRealm.NO_AUTHENTICATION;
    private volatile AuthorizationStrategy authorizationStrategy = AuthorizationStrategy.UNSECURED;
    private volatile CrumbIssuer crumbIssuer;

    private final transient File root;
    private final transient PluginManager pluginManager;
    private transient volatile boolean cleanedUp;

    protected Jenkins(File root, ServletContext context) throws IOException {
        this.root = root;
        synchronized (Jenkins.class) {
            if (theInstance != null) {
                throw new IllegalStateException("second instance");
            }
            theInstance = this;
        }
        try {
            XmlFile config = getConfigFile();
            if (config.exists()) {
                config.unmarshal(this);
            } else if (!Boolean.getBoolean("hudson.security.csrf.GlobalCrumbIssuerConfiguration.DISABLE_CSRF_PROTECTION")) {
                crumbIssuer = new DefaultCrumbIssuer();
            }
            pluginManager = PluginManager.createDefault(this);
            Extensions.register(this, new User.AllUsers());
            Extensions.register(this, new ApiTokenProperty.DescriptorImpl());
            Extensions.register(this, new hudson.security.HudsonPrivateSecurityRealm.Details.DescriptorImpl());
            ApiTokenPropertyConfiguration configuration = new ApiTokenPropertyConfiguration();
            Extensions.register(this, configuration);
            Extensions.register(this, new jenkins.security.apitoken.LegacyApiTokenAdministrativeMonitor());
            configuration.load();
            User.AllUsers.scanAll();
        } catch (IOException | RuntimeException e) {
            theInstance = null;
            throw e;
        }
    }

    public static Jenkins get() throws IllegalStateException {
        Jenkins instance = theInstance;
        if (instance == null) {
            throw new IllegalStateException("Jenkins.instance is missing. Read the documentation of Jenkins.getInstanceOrNull to see what you are doing wrong.");
        }
        return instance;
    }

    public static Jenkins getInstanceOrNull() {
        return theInstance;
    }

    /** Nullable alias kept by core for compatibility; what {@code Jenkins.instance} calls in Groovy. */
    @Deprecated
    public static Jenkins getInstance() {
        return getInstanceOrNull();
    }

    public static Authentication getAuthentication2() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a == null ? ANONYMOUS2 : a;
    }

    public static VersionNumber getVersion() {
        return VERSION == null || VERSION.equals("?") ? null : new VersionNumber(VERSION);
    }

    public File getRootDir() {
        return root;
    }

    @Override
    public ACL getACL() {
        return authorizationStrategy.getRootACL();
    }

    public SecurityRealm getSecurityRealm() {
        return securityRealm;
    }

    public void setSecurityRealm(SecurityRealm securityRealm) {
        this.useSecurity = true;
        this.securityRealm = securityRealm == null ? SecurityRealm.NO_AUTHENTICATION : securityRealm;
        saveQuietly();
    }

    public AuthorizationStrategy getAuthorizationStrategy() {
        return authorizationStrategy;
    }

    public void setAuthorizationStrategy(AuthorizationStrategy a) {
        this.useSecurity = true;
        this.authorizationStrategy = a == null ? AuthorizationStrategy.UNSECURED : a;
        saveQuietly();
    }

    public boolean isUseSecurity() {
        return securityRealm != SecurityRealm.NO_AUTHENTICATION || authorizationStrategy != AuthorizationStrategy.UNSECURED;
    }

    public CrumbIssuer getCrumbIssuer() {
        return crumbIssuer;
    }

    /** Like core, does not save: call {@link #save()} to persist. */
    public void setCrumbIssuer(CrumbIssuer issuer) {
        this.crumbIssuer = issuer;
    }

    public boolean isUseCrumbs() {
        return crumbIssuer != null;
    }

    public PluginManager getPluginManager() {
        return pluginManager;
    }

    public <T> ExtensionList<T> getExtensionList(Class<T> extensionType) {
        return ExtensionList.create(this, extensionType);
    }

    @SuppressWarnings("rawtypes")
    public Descriptor getDescriptor(Class<? extends hudson.model.Describable> type) {
        for (Descriptor d : getExtensionList(Descriptor.class)) {
            if (d.clazz == type) {
                return d;
            }
        }
        return null;
    }

    @SuppressWarnings("rawtypes")
    public <T extends Descriptor> T getDescriptorByType(Class<T> type) {
        for (Descriptor d : getExtensionList(Descriptor.class)) {
            if (d.getClass() == type) {
                return type.cast(d);
            }
        }
        return null;
    }

    @Override
    public synchronized void save() throws IOException {
        if (hudson.BulkChange.contains(this)) {
            return;
        }
        version = VERSION;
        XmlFile file = getConfigFile();
        file.write(this);
        hudson.model.listeners.SaveableListener.fireOnChange(this, file);
    }

    private void saveQuietly() {
        try {
            save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Failed to save " + getConfigFile(), e);
        }
    }

    /**
     * As core's: reads config.xml and every user back from disk, so whatever was changed in memory and not saved is
     * gone. Like core, global configurations (descriptors) keep what they have in memory.
     */
    public void reload() throws IOException, InterruptedException, ReactorException {
        XmlFile config = getConfigFile();
        if (config.exists()) {
            config.unmarshal(this);
        }
        User.reload();
    }

    private XmlFile getConfigFile() {
        return new XmlFile(XSTREAM2, new File(root, "config.xml"));
    }

    /** Stops this instance: afterwards {@link #get()} fails until a new Jenkins starts. */
    public void cleanUp() {
        if (cleanedUp) {
            return;
        }
        cleanedUp = true;
        User.clear();
        ConfidentialStore.forget(root);
        synchronized (Jenkins.class) {
            if (theInstance == this) {
                theInstance = null;
            }
        }
    }
}
