// Stand-in of jenkins.security.apitoken.ApiTokenStats (Jenkins 2.579): per-token use counter and last use, written
// to users/<dir>/apiTokenStats.xml on every use, only once the user folder exists and only while usage statistics
// are enabled (removeAll/removeAllExcept still change memory when disabled; finds then answer empty stats). On load,
// duplicate uuids collapse to the most recently used and negative counters clamp to 0. load(File) is 2.129's
// loader, load(User) came with SECURITY-1072 in 2.154.
package jenkins.security.apitoken;

import hudson.BulkChange;
import io.github.apitokenkit.standin.Since;
import hudson.XmlFile;
import hudson.model.Saveable;
import hudson.model.User;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

public class ApiTokenStats implements Saveable {
    private static final Logger LOGGER = Logger.getLogger(ApiTokenStats.class.getName());
    private static final String FILE_NAME = "apiTokenStats.xml";

    private List<SingleTokenStats> tokenStats;
    private transient User user;
    // Package-private with core's names: core's own ApiTokenStatsTest builds instances through them.
    transient File parent;

    ApiTokenStats() {
        init();
    }

    private Object readResolve() {
        init();
        return this;
    }

    private void init() {
        if (tokenStats == null) {
            tokenStats = new ArrayList<>();
            return;
        }
        Map<String, SingleTokenStats> newest = new LinkedHashMap<>();
        for (SingleTokenStats candidate : tokenStats) {
            newest.merge(candidate.tokenUuid, candidate,
                    (kept, other) -> SingleTokenStats.COMP_BY_LAST_USE_THEN_COUNTER.compare(kept, other) < 0 ? other : kept);
        }
        tokenStats = new ArrayList<>(newest.values());
    }

    private static boolean areStatsDisabled() {
        return !ApiTokenPropertyConfiguration.get().isUsageStatisticsEnabled();
    }

    public synchronized void removeId(String tokenUuid) {
        if (areStatsDisabled()) {
            return;
        }
        if (tokenStats.removeIf(s -> s.tokenUuid.equals(tokenUuid))) {
            save();
        }
    }

    @Since("2.260")
    public synchronized void removeAll() {
        int before = tokenStats.size();
        tokenStats.clear();
        if (before > 0) {
            save();
        }
    }

    @Since("2.260")
    public synchronized void removeAllExcept(String tokenUuid) {
        if (tokenStats.removeIf(s -> !s.tokenUuid.equals(tokenUuid))) {
            save();
        }
    }

    public SingleTokenStats updateUsageForId(String tokenUuid) {
        if (areStatsDisabled()) {
            return new SingleTokenStats(tokenUuid);
        }
        synchronized (this) {
            SingleTokenStats stats = find(tokenUuid);
            if (stats == null) {
                stats = new SingleTokenStats(tokenUuid);
                tokenStats.add(stats);
            }
            stats.notifyUse();
            save();
            return stats;
        }
    }

    public synchronized SingleTokenStats findTokenStatsById(String tokenUuid) {
        if (areStatsDisabled()) {
            return new SingleTokenStats(tokenUuid);
        }
        SingleTokenStats found = find(tokenUuid);
        return found != null ? found : new SingleTokenStats(tokenUuid);
    }

    private SingleTokenStats find(String tokenUuid) {
        for (SingleTokenStats s : tokenStats) {
            if (s.tokenUuid.equals(tokenUuid)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public synchronized void save() {
        if (areStatsDisabled() || BulkChange.contains(this)) {
            return;
        }
        File folder = getUserFolder();
        if (folder == null) {
            return;
        }
        XmlFile file = getConfigFile(folder);
        try {
            file.write(this);
            hudson.model.listeners.SaveableListener.fireOnChange(this, file);
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Failed to save " + file, e);
        }
    }

    private File getUserFolder() {
        if (parent == null && user != null) {
            parent = user.getUserFolder();
            if (parent == null) {
                LOGGER.log(Level.INFO, "No user folder yet for user {0}", user.getId());
            }
        }
        return parent;
    }

    /** The loader of 2.129, kept (deprecated) when SECURITY-1072 brought load(User) in 2.154. */
    @Deprecated
    public static ApiTokenStats load(File parent) {
        ApiTokenStats stats = parent == null ? null : internalLoad(parent);
        if (stats == null) {
            stats = new ApiTokenStats();
        }
        stats.parent = parent;
        return stats;
    }

    @Since("2.154")
    public static ApiTokenStats load(User user) {
        File folder = user.getUserFolder();
        ApiTokenStats stats = folder == null ? null : internalLoad(folder);
        if (stats == null) {
            stats = new ApiTokenStats();
        }
        stats.user = user;
        return stats;
    }

    /** Null when the folder has no readable statistics file; the loaders then start empty, as core's do. */
    static ApiTokenStats internalLoad(File folder) {
        XmlFile file = getConfigFile(folder);
        if (!file.exists()) {
            return null;
        }
        try {
            // As core does: the class itself as the root, which XStream2 ignores for a new object (§20).
            ApiTokenStats stats = (ApiTokenStats) file.unmarshal(ApiTokenStats.class);
            stats.parent = folder;
            return stats;
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Failed to load " + file, e);
            return null;
        }
    }

    protected static XmlFile getConfigFile(File parent) {
        return new XmlFile(new File(parent, FILE_NAME));
    }

    public static class SingleTokenStats {
        private static Comparator<SingleTokenStats> COMP_BY_LAST_USE_THEN_COUNTER =
                Comparator.comparing(SingleTokenStats::getLastUseDate, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(SingleTokenStats::getUseCounter);

        private final String tokenUuid;
        private Date lastUseDate;
        private Integer useCounter;

        private SingleTokenStats(String tokenUuid) {
            this.tokenUuid = tokenUuid;
        }

        private Object readResolve() {
            if (useCounter != null) {
                useCounter = Math.max(0, useCounter);
            }
            return this;
        }

        private void notifyUse() {
            useCounter = useCounter == null ? 1 : useCounter + 1;
            lastUseDate = new Date();
        }

        public String getTokenUuid() {
            return tokenUuid;
        }

        public int getUseCounter() {
            return useCounter == null ? 0 : useCounter;
        }

        public Date getLastUseDate() {
            return lastUseDate;
        }

        public long getNumDaysUse() {
            return lastUseDate == null ? 0 : hudson.Util.daysElapsedSince(lastUseDate);
        }
    }
}
