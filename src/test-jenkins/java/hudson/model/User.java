// Stand-in of hudson.model.User (Jenkins 2.579): lookup and creation rules (getById, get with canonical-id
// resolution by id, security realm, full name and character replacement, current/get2), the in-memory registry AllUsers with the
// 2.524 on-disk layout users/<prefix>_<hmac>/config.xml (the two older layouts migrated into it at the first scan), properties (every user gets the default ones, so every user
// has an ApiTokenProperty), save() refusing reserved ids with FormValidation, the per-user ACL (owner has every
// permission on himself), impersonate2 and delete. Builds, views, RSS and Stapler actions are left out.
package hudson.model;

import hudson.BulkChange;
import hudson.XmlFile;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.SecurityRealm;
import hudson.util.FormValidation;
import hudson.util.XStream2;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import jenkins.model.IdStrategy;
import jenkins.model.Jenkins;
import jenkins.security.HMACConfidentialKey;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

public class User implements AccessControlled, Saveable, Comparable<User> {
    private static final Logger LOGGER = Logger.getLogger(User.class.getName());

    public static final XStream2 XSTREAM = new XStream2();

    public static boolean ALLOW_NON_EXISTENT_USER_TO_LOGIN = Boolean.getBoolean(User.class.getName() + ".allowNonExistentUserToLogin");
    public static boolean ALLOW_USER_CREATION_VIA_URL = Boolean.getBoolean(User.class.getName() + ".allowUserCreationViaUrl");

    private static final String CONFIG_XML = "config.xml";
    private static final String[] ILLEGAL_PERSISTED_USERNAMES = {ACL.ANONYMOUS_USERNAME, ACL.SYSTEM_USERNAME, "unknown"};
    private static final int PREFIX_MAX = 14;
    private static final Pattern DISALLOWED_PREFIX_CHARS = Pattern.compile("[^A-Za-z0-9]");
    private static final Pattern HASHED_DIRNAMES = Pattern.compile("[a-z0-9]{0," + PREFIX_MAX + "}_[a-f0-9]{64}");
    private static final HMACConfidentialKey DIRNAMES = new HMACConfidentialKey(User.class, "DIRNAMES");

    static {
        XSTREAM.alias("user", User.class);
    }

    private int version = 10;
    private String id;
    private volatile String fullName;
    private volatile String description;
    private volatile List<UserProperty> properties = new ArrayList<>();

    private User() {}

    private User(String id, String fullName) {
        this.id = id;
        this.fullName = fullName;
        load(id);
    }

    public void load() {
        load(id);
    }

    private void load(String userId) {
        properties = new ArrayList<>();
        XmlFile config = getConfigFile();
        try {
            if (config.exists()) {
                config.unmarshal(this);
                this.id = userId;
            }
        } catch (IOException e) {
            LOGGER.log(Level.SEVERE, "Failed to load " + config, e);
        }
        fixUpAfterLoad();
    }

    private void fixUpAfterLoad() {
        List<UserProperty> loaded = new ArrayList<>(properties == null ? Collections.emptyList() : properties);
        loaded.removeIf(Objects::isNull);
        for (UserPropertyDescriptor d : Jenkins.get().getExtensionList(UserPropertyDescriptor.class)) {
            if (getProperty(loaded, d.clazz) == null) {
                UserProperty up = d.newInstance(this);
                if (up != null) {
                    loaded.add(up);
                }
            }
        }
        properties = loaded;
        for (UserProperty p : loaded) {
            p.setUser(this);
        }
    }

    public static IdStrategy idStrategy() {
        Jenkins j = Jenkins.get();
        SecurityRealm realm = j.getSecurityRealm();
        return realm == null ? IdStrategy.CASE_INSENSITIVE : realm.getUserIdStrategy();
    }

    @Override
    public int compareTo(User that) {
        return idStrategy().compare(this.id, that.id);
    }

    public String getId() {
        return id;
    }

    public String getUrl() {
        return "user/" + hudson.Util.rawEncode(idStrategy().keyFor(id));
    }

    public String getFullName() {
        return fullName;
    }

    public void setFullName(String name) {
        if (name == null || name.trim().isEmpty()) {
            name = id;
        }
        this.fullName = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getDisplayName() {
        return getFullName();
    }

    public Map<Descriptor<UserProperty>, UserProperty> getProperties() {
        Map<Descriptor<UserProperty>, UserProperty> byDescriptor = new HashMap<>();
        for (UserProperty p : properties) {
            byDescriptor.put(p.getDescriptor(), p);
        }
        return Collections.unmodifiableMap(byDescriptor);
    }

    /** Replaces the property of the same class, if any, then saves the user. */
    public synchronized void addProperty(UserProperty p) throws IOException {
        List<UserProperty> replaced = new ArrayList<>();
        for (UserProperty existing : properties) {
            if (existing.getClass() != p.getClass()) {
                replaced.add(existing);
            }
        }
        replaced.add(p);
        properties = replaced;
        p.setUser(this);
        save();
    }

    /** Core answers only callers with Administer on this user (the user himself, an administrator, SYSTEM). */
    public List<UserProperty> getAllProperties() {
        if (hasPermission(Jenkins.ADMINISTER)) {
            return Collections.unmodifiableList(properties);
        }
        return Collections.emptyList();
    }

    public <T extends UserProperty> T getProperty(Class<T> clazz) {
        return getProperty(properties, clazz);
    }

    private static <T> T getProperty(List<UserProperty> list, Class<T> clazz) {
        for (UserProperty p : list) {
            if (clazz.isInstance(p)) {
                return clazz.cast(p);
            }
        }
        return null;
    }

    public Authentication impersonate2() throws UsernameNotFoundException {
        return impersonate(getUserDetailsForImpersonation2());
    }

    public UserDetails getUserDetailsForImpersonation2() throws UsernameNotFoundException {
        try {
            return Jenkins.get().getSecurityRealm().loadUserByUsername2(id);
        } catch (UsernameNotFoundException e) {
            if (ALLOW_NON_EXISTENT_USER_TO_LOGIN) {
                return new org.springframework.security.core.userdetails.User(id, "", true, true, true, true,
                        Collections.singletonList(SecurityRealm.AUTHENTICATED_AUTHORITY2));
            }
            throw e;
        }
    }

    public Authentication impersonate(UserDetails userDetails) {
        Collection<? extends GrantedAuthority> authorities = userDetails.getAuthorities();
        return new UsernamePasswordAuthenticationToken(userDetails.getUsername(), "", authorities);
    }

    public static User getUnknown() {
        return getById("unknown", true);
    }

    @Deprecated
    public static User get(String idOrFullName, boolean create) {
        return get(idOrFullName, create, Collections.emptyMap());
    }

    public static User get(String idOrFullName, boolean create, Map context) {
        if (idOrFullName == null) {
            return null;
        }
        User user = AllUsers.get(idOrFullName);
        if (user != null) {
            return user;
        }
        return getOrCreateById(resolveCanonicalId(idOrFullName), idOrFullName, create);
    }

    /** Creates the user on demand. Scripts must not call it: a typo creates and persists a user. */
    @Deprecated
    public static User get(String idOrFullName) {
        return getOrCreateByIdOrFullName(idOrFullName);
    }

    public static User getOrCreateByIdOrFullName(String idOrFullName) {
        return get(idOrFullName, true, Collections.emptyMap());
    }

    public static User current() {
        return get2(Jenkins.getAuthentication2());
    }

    public static User get2(Authentication a) {
        if (a == null || a instanceof AnonymousAuthenticationToken) {
            return null;
        }
        return getById(a.getName(), true);
    }

    public static User getById(String id, boolean create) {
        return getOrCreateById(id, id, create);
    }

    private static User getOrCreateById(String id, String fullName, boolean create) {
        User u = AllUsers.get(id);
        if (u == null && create) {
            u = new User(id, fullName);
            AllUsers.put(id, u);
            if (!id.equals(fullName)) {
                try {
                    u.save();
                } catch (IOException x) {
                    LOGGER.log(Level.WARNING, "Failed to save user configuration for " + id, x);
                }
            }
        }
        return u;
    }

    /**
     * Core's CanonicalIdResolver chain without plugins: an existing id; else, since SECURITY-243's full defence is on
     * by default, whatever user name the security realm knows the input as (with a realm that knows every name, the
     * later steps are never reached); then an existing user's full name; then the input with \ / &lt; &gt; replaced
     * by '_'. Core's cache in front of the realm (UserDetailsCache) is left out.
     */
    private static String resolveCanonicalId(String idOrFullName) {
        User existing = getById(idOrFullName, false);
        if (existing != null) {
            return existing.getId();
        }
        String realmName = nameKnownToRealm(idOrFullName);
        if (realmName != null) {
            return realmName;
        }
        for (User u : AllUsers.values()) {
            if (idOrFullName.equals(u.getFullName())) {
                return u.getId();
            }
        }
        return idOrFullName.replaceAll("[\\\\/<>]", "_");
    }

    /** Set while the realm is asked: a realm may itself resolve users, and must not recurse into this. */
    private static final ThreadLocal<Boolean> ASKING_REALM = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private static String nameKnownToRealm(String name) {
        if (ASKING_REALM.get()) {
            return null;
        }
        ASKING_REALM.set(Boolean.TRUE);
        try {
            return Jenkins.get().getSecurityRealm().loadUserByUsername2(name).getUsername();
        } catch (UsernameNotFoundException unknown) {
            return null;
        } finally {
            ASKING_REALM.remove();
        }
    }

    public static Collection<User> getAll() {
        IdStrategy strategy = idStrategy();
        List<User> users = new ArrayList<>(AllUsers.values());
        users.sort((o1, o2) -> strategy.compare(o1.getId(), o2.getId()));
        return users;
    }

    public static void reload() throws IOException {
        AllUsers.clear();
        AllUsers.scanAll();
    }

    /** Forgets every user in memory; called by the test harness. */
    public static void clear() {
        if (Jenkins.getInstanceOrNull() != null) {
            AllUsers.clear();
        }
    }

    public File getUserFolder() {
        File d = getUserFolderFor(id);
        return d.isDirectory() ? d : null;
    }

    private static File getRootDir() {
        return new File(Jenkins.get().getRootDir(), "users");
    }

    private static String getUserFolderNameFor(String id) {
        String fullPrefix = DISALLOWED_PREFIX_CHARS.matcher(id).replaceAll("").toLowerCase(Locale.ROOT);
        String prefix = fullPrefix.length() > PREFIX_MAX ? fullPrefix.substring(0, PREFIX_MAX) : fullPrefix;
        return prefix + '_' + DIRNAMES.mac(idStrategy().keyFor(id));
    }

    private static File getUserFolderFor(String id) {
        return new File(getRootDir(), getUserFolderNameFor(id));
    }

    /**
     * Forgets the user, then deletes its folder with everything in it (config.xml, apiTokenStats.xml), as core 2.524
     * does. No permission is checked here (the web method checks Administer); no listener is told.
     */
    public void delete() throws IOException {
        AllUsers.remove(id);
        hudson.Util.deleteRecursive(getUserFolderFor(id));
    }

    public static boolean isIdOrFullnameAllowed(String id) {
        if (id == null || id.trim().isEmpty()) {
            return false;
        }
        String trimmedId = id.trim();
        for (String invalidId : ILLEGAL_PERSISTED_USERNAMES) {
            if (trimmedId.equalsIgnoreCase(invalidId)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void save() throws IOException {
        if (!isIdOrFullnameAllowed(id)) {
            throw FormValidation.error("\"" + id + "\" is prohibited as a username for security reasons.");
        }
        if (!isIdOrFullnameAllowed(fullName)) {
            throw FormValidation.error("\"" + fullName + "\" is prohibited as a full name for security reasons.");
        }
        if (BulkChange.contains(this)) {
            return;
        }
        XmlFile file = getConfigFile();
        file.write(this);
        hudson.model.listeners.SaveableListener.fireOnChange(this, file);
    }

    private XmlFile getConfigFile() {
        return new XmlFile(XSTREAM, new File(getUserFolderFor(id), CONFIG_XML));
    }

    @Override
    public ACL getACL() {
        ACL base = Jenkins.get().getAuthorizationStrategy().getACL(this);
        return ACL.lambda2((a, permission) -> (idStrategy().equals(a.getName(), id) && !(a instanceof AnonymousAuthenticationToken))
                || base.hasPermission2(a, permission));
    }

    @Override
    public String toString() {
        return id;
    }

    /** The in-memory registry of users of the running Jenkins, keyed by the id strategy's key. */
    public static final class AllUsers {
        private final ConcurrentMap<String, User> byName = new ConcurrentHashMap<>();

        public AllUsers() {}

        /**
         * Loads every user folder whose config.xml names an id that hashes to that folder's name, after moving the
         * folders of the two older layouts into this one, once per registry (core 2.524's UserIdMapper.migrate).
         */
        public static void scanAll() throws IOException {
            DIRNAMES.createMac();
            getInstance().migrateOlderLayoutsOnce();
            File[] subdirectories = getRootDir().listFiles();
            if (subdirectories == null) {
                return;
            }
            ConcurrentMap<String, User> byName = getInstance().byName;
            IdStrategy idStrategy = idStrategy();
            for (File dir : subdirectories) {
                if (!HASHED_DIRNAMES.matcher(dir.getName()).matches()) {
                    continue;
                }
                XmlFile xml = new XmlFile(XSTREAM, new File(dir, CONFIG_XML));
                if (!xml.exists()) {
                    continue;
                }
                User user = new User();
                try {
                    xml.unmarshal(user);
                } catch (Exception x) {
                    LOGGER.log(Level.WARNING, "failed to load " + xml, x);
                    continue;
                }
                if (user.id == null) {
                    LOGGER.warning("ignoring " + xml + " with no <id>");
                    continue;
                }
                if (!dir.getName().equals(getUserFolderNameFor(user.id))) {
                    LOGGER.warning("ignoring " + xml + " with <id> " + user.id + " expected elsewhere");
                    continue;
                }
                user.fixUpAfterLoad();
                byName.put(idStrategy.keyFor(user.id), user);
            }
        }

        private final java.util.concurrent.atomic.AtomicBoolean migrated = new java.util.concurrent.atomic.AtomicBoolean();

        /**
         * users/users.xml (2.154-2.523: id key to a folder of any name; its key wins over a config.xml naming another
         * id) and then plain folders (before 2.154: users/<name>/config.xml) move to their hashed folders. A plain
         * folder whose config.xml has no <id> (written before ids were saved) takes the id its name stands for
         * (IdStrategy.idFromFilename), written into its config.xml before the move, as core 2.524's UserIdMapper does.
         */
        private void migrateOlderLayoutsOnce() {
            if (!migrated.compareAndSet(false, true)) {
                return;
            }
            File root = getRootDir();
            File mapping = new File(root, "users.xml");
            try {
                if (mapping.isFile()) {
                    LOGGER.info("migrating " + mapping);
                    for (Map.Entry<String, String> entry : mappedFolders(mapping).entrySet()) {
                        migrateFolder(new File(root, entry.getValue()), entry.getKey());
                    }
                    Files.delete(mapping.toPath());
                }
                File[] folders = root.listFiles();
                for (File folder : folders == null ? new File[0] : folders) {
                    if (folder.isDirectory() && !HASHED_DIRNAMES.matcher(folder.getName()).matches() && new File(folder, CONFIG_XML).isFile()) {
                        migrateFolder(folder, null);
                    }
                }
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "failed to migrate the users of " + root, e);
            }
        }

        /** The id keys and folder names of users.xml (its idToDirectoryNameMap). */
        private static Map<String, String> mappedFolders(File mapping) throws IOException {
            Map<String, String> folders = new java.util.LinkedHashMap<>();
            try {
                org.w3c.dom.NodeList entries = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(mapping)
                        .getElementsByTagName("entry");
                for (int i = 0; i < entries.getLength(); i++) {
                    org.w3c.dom.NodeList pair = ((org.w3c.dom.Element) entries.item(i)).getElementsByTagName("string");
                    if (pair.getLength() == 2) {
                        folders.put(pair.item(0).getTextContent(), pair.item(1).getTextContent());
                    }
                }
            } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
                throw new IOException("Unable to read " + mapping, e);
            }
            return folders;
        }

        /** Moves one old folder to the hashed folder of its id (the mapping's key when it names another id). */
        private static void migrateFolder(File folder, String mappedKey) {
            try {
                XmlFile xml = new XmlFile(XSTREAM, new File(folder, CONFIG_XML));
                User user = new User();
                xml.unmarshal(user);
                if (mappedKey != null && (user.id == null || !idStrategy().keyFor(user.id).equals(mappedKey))) {
                    user.id = mappedKey;
                    xml.write(user);
                } else if (mappedKey == null && user.id == null) {
                    user.id = idStrategy().idFromFilename(folder.getName());
                    xml.write(user);
                }
                File target = getUserFolderFor(user.id);
                Files.move(folder.toPath(), target.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                LOGGER.info("migrated " + folder + " to " + target);
            } catch (IOException | RuntimeException e) {
                LOGGER.log(Level.WARNING, "failed to migrate " + folder, e);
            }
        }

        private static AllUsers getInstance() {
            return hudson.ExtensionList.lookupSingleton(AllUsers.class);
        }

        private static void clear() {
            getInstance().byName.clear();
        }

        private static User get(String id) {
            return getInstance().byName.get(idStrategy().keyFor(id));
        }

        private static void remove(String id) {
            getInstance().byName.remove(idStrategy().keyFor(id));
        }

        private static void put(String id, User user) {
            getInstance().byName.putIfAbsent(idStrategy().keyFor(id), user);
        }

        private static Collection<User> values() {
            return getInstance().byName.values();
        }
    }
}
