// Stand-in of jenkins.security.ApiTokenProperty (Jenkins 2.579): the legacy seed (a Secret) and its visibility
// rules, matchesPassword with usage statistics, the token list, changeApiToken, the scripting API of 2.260 with the
// expiry overloads of 2.548 (no permission checks, each saves the user), and DescriptorImpl.newInstance honouring
// tokenGenerationOnCreationEnabled. The web methods (doGenerateNewToken, doRevoke, ...) belong to the HTTP side of
// the stand-in; reconfigure(StaplerRequest2, JSONObject), the badge and the pre-SECURITY-49 seed upgrade are left
// out.
package jenkins.security;

import io.github.apitokenkit.standin.Since;

import hudson.Util;
import hudson.model.User;
import hudson.model.UserProperty;
import hudson.model.UserPropertyDescriptor;
import hudson.security.ACL;
import hudson.util.Secret;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Collection;
import java.util.Date;
import java.util.Locale;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import jenkins.security.apitoken.ApiTokenPropertyConfiguration;
import jenkins.security.apitoken.ApiTokenStats;
import jenkins.security.apitoken.ApiTokenStore;
import jenkins.security.apitoken.TokenUuidAndPlainValue;

public class ApiTokenProperty extends UserProperty {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static boolean SHOW_LEGACY_TOKEN_TO_ADMINS =
            Boolean.getBoolean(ApiTokenProperty.class.getName() + ".showTokenToAdmins");
    private static boolean ADMIN_CAN_GENERATE_NEW_TOKENS =
            Boolean.getBoolean(ApiTokenProperty.class.getName() + ".adminCanGenerateNewTokens");

    @Deprecated
    public static final HMACConfidentialKey API_KEY_SEED = new HMACConfidentialKey(ApiTokenProperty.class, "seed", 16);

    private volatile Secret apiToken;
    private ApiTokenStore tokenStore;
    private transient ApiTokenStats tokenStats;

    public ApiTokenProperty() {}

    ApiTokenProperty(String seed) {
        if (seed != null) {
            apiToken = Secret.fromString(seed);
        }
    }

    @Override
    protected void setUser(User u) {
        super.setUser(u);
        if (tokenStore == null) {
            tokenStore = new ApiTokenStore();
        }
        if (tokenStats == null) {
            // load(User) since SECURITY-1072 (2.154); a stand-in loaded as an older Jenkins has load(File) only.
            try {
                tokenStats = (ApiTokenStats) ApiTokenStats.class.getMethod("load", hudson.model.User.class).invoke(null, user);
            } catch (NoSuchMethodException olderJenkins) {
                tokenStats = ApiTokenStats.load(user.getUserFolder());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        if (apiToken != null) {
            tokenStore.regenerateTokenFromLegacyIfRequired(apiToken);
        }
    }

    /** The legacy token (MD5 hex of the seed) for its owner or SYSTEM; a fixed sentence for anyone else. */
    public String getApiToken() {
        if (!canCurrentUserControlObject(SHOW_LEGACY_TOKEN_TO_ADMINS, user)) {
            return "Token is hidden";
        }
        if (apiToken == null) {
            return "This user currently does not have a legacy token";
        }
        return Util.getDigestOf(apiToken.getPlainText());
    }

    public boolean hasLegacyToken() {
        return apiToken != null;
    }

    public boolean matchesPassword(String token) {
        if (token == null || token.trim().isEmpty()) {
            return false;
        }
        ApiTokenStore.HashedToken match = tokenStore.findMatchingToken(token);
        if (match == null) {
            return false;
        }
        tokenStats.updateUsageForId(match.getUuid());
        return true;
    }

    private static boolean canCurrentUserControlObject(boolean trustAdmins, User owner) {
        if (trustAdmins && Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return true;
        }
        User current = User.current();
        if (current == null) {
            return false;
        }
        if (Jenkins.getAuthentication2().equals(ACL.SYSTEM2)) {
            return true;
        }
        return User.idStrategy().equals(owner.getId(), current.getId());
    }

    public Collection<TokenInfoAndStats> getTokenList() {
        return tokenStore.getTokenListSortedByName().stream()
                .map(token -> new TokenInfoAndStats(token, tokenStats.findTokenStatsById(token.getUuid())))
                .collect(Collectors.toList());
    }

    public static class TokenInfoAndStats {
        public final String uuid;
        public final String name;
        public final Date creationDate;
        public final long numDaysCreation;
        public final boolean isLegacy;
        public final int useCounter;
        public final Date lastUseDate;
        public final long numDaysUse;
        @Since("2.548")
        public final String expirationDate;
        @Since("2.548")
        public final boolean expired;
        @Since("2.548")
        public final boolean aboutToExpire;

        public TokenInfoAndStats(ApiTokenStore.HashedToken token, ApiTokenStats.SingleTokenStats stats) {
            this.uuid = token.getUuid();
            this.name = token.getName();
            this.creationDate = token.getCreationDate();
            this.numDaysCreation = token.getNumDaysCreation();
            this.isLegacy = token.isLegacy();
            // Read through ifPresent: a stand-in loaded as a Jenkins before 2.548 has no expiry on its tokens.
            this.expired = (Boolean) ifPresent(token, "isExpired", false);
            this.aboutToExpire = (Boolean) ifPresent(token, "isAboutToExpire", false);
            LocalDate expiry = (LocalDate) ifPresent(token, "getExpirationDate", null);
            // Core formats with the request's locale (Functions.getCurrentLocale); outside a request that is the JVM's.
            this.expirationDate = expiry == null ? "never"
                    : expiry.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).withLocale(Locale.getDefault()));
            this.useCounter = stats.getUseCounter();
            this.lastUseDate = stats.getLastUseDate();
            this.numDaysUse = stats.getNumDaysUse();
        }
    }

    @Deprecated
    public void changeApiToken() throws IOException {
        user.checkPermission(Jenkins.ADMINISTER);
        ApiTokenStore.HashedToken existingLegacyToken = tokenStore.getLegacyToken();
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        apiToken = Secret.fromString(Util.toHexString(random));
        tokenStore.regenerateTokenFromLegacy(apiToken);
        if (existingLegacyToken != null) {
            tokenStats.removeId(existingLegacyToken.getUuid());
        }
        user.save();
    }

    public void deleteApiToken() {
        this.apiToken = null;
    }

    public ApiTokenStore getTokenStore() {
        return tokenStore;
    }

    public ApiTokenStats getTokenStats() {
        return tokenStats;
    }

    @Since("2.260")
    public String addFixedNewToken(String name, String tokenPlainValue) throws IOException {
        String tokenUuid = addFixedToStore(name, tokenPlainValue);
        user.save();
        return tokenUuid;
    }

    @Since("2.548")
    public String addFixedNewToken(String name, String tokenPlainValue, LocalDate expirationDate) throws IOException {
        String tokenUuid = tokenStore.addFixedNewToken(name, tokenPlainValue, expirationDate);
        user.save();
        return tokenUuid;
    }

    @Since("2.260")
    public TokenUuidAndPlainValue generateNewToken(String name) throws IOException {
        TokenUuidAndPlainValue created = tokenStore.generateNewToken(name);
        user.save();
        return created;
    }

    @Since("2.548")
    public TokenUuidAndPlainValue generateNewToken(String name, LocalDate expirationDate) throws IOException {
        TokenUuidAndPlainValue created = tokenStore.generateNewToken(name, expirationDate);
        user.save();
        return created;
    }

    /**
     * The store's addFixedNewToken without an expiry: its 3-argument overload from 2.548 on, its 2-argument one
     * before, as a stand-in loaded as that Jenkins has only one of them (§3.1).
     */
    private String addFixedToStore(String name, String tokenPlainValue) {
        try {
            try {
                return (String) ApiTokenStore.class.getMethod("addFixedNewToken", String.class, String.class, LocalDate.class)
                        .invoke(tokenStore, name, tokenPlainValue, null);
            } catch (NoSuchMethodException olderJenkins) {
                return (String) ApiTokenStore.class.getMethod("addFixedNewToken", String.class, String.class).invoke(tokenStore, name, tokenPlainValue);
            }
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A member's value, or {@code fallback} when this stand-in is loaded as a Jenkins without the member. */
    private static Object ifPresent(Object target, String getter, Object fallback) {
        try {
            return target.getClass().getMethod(getter).invoke(target);
        } catch (NoSuchMethodException olderJenkins) {
            return fallback;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Since("2.260")
    public void revokeAllTokens() throws IOException {
        tokenStats.removeAll();
        tokenStore.revokeAllTokens();
        user.save();
    }

    @Since("2.260")
    public void revokeAllTokensExceptOne(String tokenUuid) throws IOException {
        tokenStats.removeAllExcept(tokenUuid);
        tokenStore.revokeAllTokensExcept(tokenUuid);
        user.save();
    }

    @Since("2.260")
    public void revokeToken(String tokenUuid) throws IOException {
        ApiTokenStore.HashedToken revoked = tokenStore.revokeToken(tokenUuid);
        if (revoked != null) {
            if (revoked.isLegacy()) {
                apiToken = null;
            }
            tokenStats.removeId(revoked.getUuid());
            user.save();
        }
    }

    public static final class DescriptorImpl extends UserPropertyDescriptor {
        public DescriptorImpl() {}

        @Override
        public String getDisplayName() {
            return "API Token";
        }

        public String getNoLegacyToken() {
            return "This user currently does not have a legacy token";
        }

        @Override
        public ApiTokenProperty newInstance(User user) {
            if (!ApiTokenPropertyConfiguration.get().isTokenGenerationOnCreationEnabled()) {
                return new ApiTokenProperty(null);
            }
            return new ApiTokenProperty(API_KEY_SEED.mac(user.getId()));
        }

        public boolean isStatisticsEnabled() {
            return ApiTokenPropertyConfiguration.get().isUsageStatisticsEnabled();
        }

        public boolean mustDisplayLegacyApiToken(User propertyOwner) {
            ApiTokenProperty property = propertyOwner.getProperty(ApiTokenProperty.class);
            return (property != null && property.hasLegacyToken()) || ApiTokenPropertyConfiguration.get().isCreationOfLegacyTokenEnabled();
        }

        public boolean hasCurrentUserRightToGenerateNewToken(User propertyOwner) {
            return canCurrentUserControlObject(ADMIN_CAN_GENERATE_NEW_TOKENS, propertyOwner);
        }
    }
}
