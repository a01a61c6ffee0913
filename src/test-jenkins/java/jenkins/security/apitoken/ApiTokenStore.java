// Stand-in of jenkins.security.apitoken.ApiTokenStore (Jenkins 2.579): named tokens kept as SHA-256 hashes in
// insertion order (version "11" for new tokens, "10" for the legacy one), the matching rules of core (length 34:
// the first two characters are dropped unchecked; any other length: hashed whole; first non-expired match wins),
// addFixedNewToken's validation messages, expiry (2.548) and the legacy token regenerated from the seed.
// The form-driven reconfigure(Map<String, JSONObject>) and the public HashedToken.buildNew* factories (which take
// core's private HashValue) are left out.
package jenkins.security.apitoken;

import hudson.Util;
import hudson.util.Secret;
import io.github.apitokenkit.standin.Hex;
import io.github.apitokenkit.standin.Since;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

public class ApiTokenStore {
    private static final Logger LOGGER = Logger.getLogger(ApiTokenStore.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_LENGTH_V2 = 34;
    private static final String LEGACY_VERSION = "10";
    private static final String HASH_VERSION = "11";
    private static final int VERSION_LENGTH = 2;
    private static final int HEX_CHAR_LENGTH = 32;
    private static final Pattern CHECK_32_HEX_CHAR = Pattern.compile("[a-f0-9]{32}");
    private static final Comparator<HashedToken> SORT_BY_LOWERCASED_NAME =
            Comparator.comparing(token -> token.getName().toLowerCase(Locale.ENGLISH));

    private List<HashedToken> tokenList;

    public ApiTokenStore() {
        init();
    }

    private Object readResolve() {
        init();
        return this;
    }

    private void init() {
        if (tokenList == null) {
            tokenList = new ArrayList<>();
        }
    }

    public synchronized Collection<HashedToken> getTokenListSortedByName() {
        List<HashedToken> sorted = new ArrayList<>(tokenList);
        sorted.sort(SORT_BY_LOWERCASED_NAME);
        return sorted;
    }

    public synchronized void regenerateTokenFromLegacy(Secret newLegacyApiToken) {
        replaceLegacyToken(newLegacyApiToken, false);
    }

    public synchronized void regenerateTokenFromLegacyIfRequired(Secret newLegacyApiToken) {
        if (tokenList.stream().noneMatch(HashedToken::isLegacy)) {
            replaceLegacyToken(newLegacyApiToken, true);
        }
    }

    /** The legacy token users type is the MD5 hex of the seed; the store keeps the SHA-256 of that. */
    private void replaceLegacyToken(Secret seed, boolean migrationFromExistingLegacy) {
        tokenList.removeIf(HashedToken::isLegacy);
        String legacyValue = Util.getDigestOf(seed.getPlainText());
        HashedToken legacy = new HashedToken("Legacy Token", new HashValue(LEGACY_VERSION, hashInHex(legacyValue)),
                migrationFromExistingLegacy ? null : new Date(), null);
        tokenList.add(legacy);
    }

    public synchronized HashedToken getLegacyToken() {
        return tokenList.stream().filter(HashedToken::isLegacy).findFirst().orElse(null);
    }

    public synchronized TokenUuidAndPlainValue generateNewToken(String name) {
        return newToken(name, null);
    }

    @Since("2.548")
    public synchronized TokenUuidAndPlainValue generateNewToken(String name, LocalDate expirationDate) {
        return newToken(name, expirationDate);
    }

    private TokenUuidAndPlainValue newToken(String name, LocalDate expirationDate) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String secret = Util.toHexString(random);
        HashedToken token = store(name, secret, expirationDate);
        return new TokenUuidAndPlainValue(token.uuid, HASH_VERSION + secret, expirationDate, token.aboutToExpireNow());
    }

    /** The overload of 2.260-2.547; core removed it when the expiry came. */
    @Since(value = "2.260", removed = "2.548")
    public synchronized String addFixedNewToken(String name, String tokenPlainValue) {
        return addFixed(name, tokenPlainValue, null);
    }

    @Since("2.548")
    public synchronized String addFixedNewToken(String name, String tokenPlainValue, LocalDate expirationDate) {
        return addFixed(name, tokenPlainValue, expirationDate);
    }

    private String addFixed(String name, String tokenPlainValue, LocalDate expirationDate) {
        if (tokenPlainValue.length() != VERSION_LENGTH + HEX_CHAR_LENGTH) {
            throw new IllegalArgumentException("The token must consist of 2 characters for the version and 32 hex-characters for the secret");
        }
        String version = tokenPlainValue.substring(0, VERSION_LENGTH);
        if (!HASH_VERSION.equals(version)) {
            throw new IllegalArgumentException("The given version is not recognized: " + version);
        }
        String secret = tokenPlainValue.substring(VERSION_LENGTH).toLowerCase();
        if (!CHECK_32_HEX_CHAR.matcher(secret).matches()) {
            throw new IllegalArgumentException("The secret part of the token must consist of 32 hex-characters");
        }
        return store(name, secret, expirationDate).uuid;
    }

    private HashedToken store(String name, String secret, LocalDate expirationDate) {
        HashedToken token = new HashedToken(name, new HashValue(HASH_VERSION, hashInHex(secret)), new Date(), expirationDate);
        tokenList.add(token);
        return token;
    }

    private static String hashInHex(String ascii) {
        return Hex.encode(Hex.sha256(ascii));
    }

    public synchronized HashedToken findMatchingToken(String token) {
        String secret = token.length() == TOKEN_LENGTH_V2 ? token.substring(VERSION_LENGTH) : token;
        byte[] hashed = Hex.sha256(secret);
        for (HashedToken candidate : tokenList) {
            if (candidate.match(hashed)) {
                return candidate;
            }
        }
        return null;
    }

    public synchronized HashedToken revokeToken(String tokenUuid) {
        for (Iterator<HashedToken> it = tokenList.iterator(); it.hasNext(); ) {
            HashedToken token = it.next();
            if (token.uuid.equals(tokenUuid)) {
                it.remove();
                return token;
            }
        }
        return null;
    }

    @Since("2.260")
    public synchronized void revokeAllTokens() {
        tokenList.clear();
    }

    /** As in core: an unknown uuid keeps nothing, so every token is revoked. */
    @Since("2.260")
    public synchronized void revokeAllTokensExcept(String tokenUuid) {
        tokenList.removeIf(token -> !token.uuid.equals(tokenUuid));
    }

    public synchronized boolean renameToken(String tokenUuid, String newName) {
        for (HashedToken token : tokenList) {
            if (token.uuid.equals(tokenUuid)) {
                token.rename(newName);
                return true;
            }
        }
        return false;
    }

    private static final class HashValue implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String version;
        private final String hash;

        private HashValue(String version, String hash) {
            this.version = version;
            this.hash = hash;
        }
    }

    public static class HashedToken implements Serializable {
        private static final long serialVersionUID = 1L;
        private String uuid;
        private String name;
        private Date creationDate;
        private LocalDate expirationDate;
        private HashValue value;

        private HashedToken(String name, HashValue value, Date creationDate, LocalDate expirationDate) {
            this.uuid = UUID.randomUUID().toString();
            this.name = name;
            this.value = value;
            this.creationDate = creationDate;
            this.expirationDate = expirationDate;
        }

        private Object readResolve() {
            if (uuid == null) {
                uuid = UUID.randomUUID().toString();
            }
            return this;
        }

        public void rename(String newName) {
            this.name = newName;
        }

        /** Valid through its expiration day; "about to expire" means within 7 days, expired ones included. */
        @Since("2.548")
        public boolean isAboutToExpire() {
            return aboutToExpireNow();
        }

        @Since("2.548")
        public boolean isExpired() {
            return expiredNow();
        }

        // What the public members answer, for the store's own use at any version (a member can be absent, §17).
        private boolean aboutToExpireNow() {
            return expirationDate != null && expirationDate.isBefore(LocalDate.now().plusDays(7));
        }

        private boolean expiredNow() {
            return expirationDate != null && expirationDate.isBefore(LocalDate.now());
        }

        /** A stored hash with a non-hex digit never matches (logged); one of odd length fails as in core (§20). */
        public boolean match(byte[] hashedBytes) {
            byte[] stored;
            try {
                stored = Hex.decode(value.hash);
            } catch (NumberFormatException e) {
                LOGGER.log(Level.INFO, "The API token with name=[{0}] is not in hex-format and so cannot be used", name);
                return false;
            }
            return MessageDigest.isEqual(stored, hashedBytes) && !expiredNow();
        }

        public String getName() {
            return name;
        }

        public Date getCreationDate() {
            return creationDate;
        }

        @Since("2.548")
        public LocalDate getExpirationDate() {
            return expirationDate;
        }

        public long getNumDaysCreation() {
            return creationDate == null ? 0 : Util.daysElapsedSince(creationDate);
        }

        public String getUuid() {
            return uuid;
        }

        public boolean isLegacy() {
            return LEGACY_VERSION.equals(value.version);
        }

        public void setName(String name) {
            this.name = name;
        }
    }
}
