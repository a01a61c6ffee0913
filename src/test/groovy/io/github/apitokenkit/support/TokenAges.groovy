package io.github.apitokenkit.support

import jenkins.security.ApiTokenProperty

import java.lang.reflect.Field
import java.util.concurrent.TimeUnit

/**
 * Ages tokens for specs that need old ones: sets a token's creation date and last use in the past. Core has no API
 * for that (it stamps "now"), so this reaches the private fields; it is test support, never a stand-in member.
 */
class TokenAges {
    static void created(ApiTokenProperty tokens, String uuid, int daysAgo) {
        def token = tokens.tokenStore.tokenListSortedByName.find { it.uuid == uuid }
        field(token.getClass(), 'creationDate').set(token, daysAgo < 0 ? null : new Date(System.currentTimeMillis() - TimeUnit.DAYS.toMillis(daysAgo)))
    }

    static void lastUsed(ApiTokenProperty tokens, String uuid, int daysAgo) {
        def stats = tokens.tokenStats.updateUsageForId(uuid)
        field(stats.getClass(), 'lastUseDate').set(stats, new Date(System.currentTimeMillis() - TimeUnit.DAYS.toMillis(daysAgo)))
    }

    private static Field field(Class type, String name) {
        Field f = type.getDeclaredField(name)
        f.accessible = true
        return f
    }
}
