// Stand-in of jenkins.security.apitoken.LegacyApiTokenAdministrativeMonitor (Jenkins 2.579, since 2.129): which users
// still have a legacy token, and whether they have a newer or more recently used one. The display name, the Stapler
// pages and the doRevokeAllSelected web method are left out.
package jenkins.security.apitoken;

import hudson.model.AdministrativeMonitor;
import hudson.model.User;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import jenkins.security.ApiTokenProperty;

public class LegacyApiTokenAdministrativeMonitor extends AdministrativeMonitor {
    public LegacyApiTokenAdministrativeMonitor() {
        super("legacyApiToken");
    }

    @Override
    public boolean isSecurity() {
        return true;
    }

    /** Some user's property still holds the legacy seed (the store is not looked at). */
    @Override
    public boolean isActivated() {
        return User.getAll().stream().anyMatch(LegacyApiTokenAdministrativeMonitor::hasLegacySeed);
    }

    public List<User> getImpactedUserList() {
        return User.getAll().stream().filter(LegacyApiTokenAdministrativeMonitor::hasLegacySeed).collect(Collectors.toList());
    }

    private static boolean hasLegacySeed(User user) {
        ApiTokenProperty property = user.getProperty(ApiTokenProperty.class);
        return property != null && property.hasLegacyToken();
    }

    /** The first stored token of the legacy version; meant for users of the impacted list. */
    public ApiTokenStore.HashedToken getLegacyTokenOf(User user) {
        return user.getProperty(ApiTokenProperty.class).getTokenStore().getLegacyToken();
    }

    /** The legacy token with its statistics (empty ones while statistics are off); null once it is revoked. */
    public ApiTokenProperty.TokenInfoAndStats getLegacyStatsOf(User user, ApiTokenStore.HashedToken legacyToken) {
        if (legacyToken == null) {
            return null;
        }
        ApiTokenStats stats = user.getProperty(ApiTokenProperty.class).getTokenStats();
        return new ApiTokenProperty.TokenInfoAndStats(legacyToken, stats.findTokenStatsById(legacyToken.getUuid()));
    }

    /** A non-legacy token created after the legacy one was last used (or created, when it never was). */
    public boolean hasFreshToken(User user, ApiTokenProperty.TokenInfoAndStats legacyStats) {
        return legacyStats != null && laterThanLegacy(user, legacyStats, true);
    }

    /** A non-legacy token used after the legacy one was last used (or created, when it never was). */
    public boolean hasMoreRecentlyUsedToken(User user, ApiTokenProperty.TokenInfoAndStats legacyStats) {
        return legacyStats != null && laterThanLegacy(user, legacyStats, false);
    }

    private static boolean laterThanLegacy(User user, ApiTokenProperty.TokenInfoAndStats legacy, boolean byCreation) {
        Date reference = legacy.lastUseDate != null ? legacy.lastUseDate : legacy.creationDate;
        if (reference == null) {
            return false;
        }
        return user.getProperty(ApiTokenProperty.class).getTokenList().stream()
                .filter(token -> !token.isLegacy)
                .map(token -> byCreation ? token.creationDate : token.lastUseDate)
                .anyMatch(date -> date != null && date.after(reference));
    }
}
