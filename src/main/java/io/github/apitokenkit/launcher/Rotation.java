package io.github.apitokenkit.launcher;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rotation that hands over safely, in phases, each done before the next starts: (1) a new token is made, (2) its
 * value is written to --output in one step, (3) the new token is shown to authenticate as its owner (whoAmI), and only
 * then (4) the old token is revoked; last, its uuid and name go beside the file, to FILE.uuid (never into the token
 * file, which its consumers read whole), for the next rotation. A phase that fails is named, with what holds: the old
 * token works until phase 4, and from phase 2 the new one is in the file. Used by {@code self rotate} (a holder's own token, through the token
 * endpoints) and by {@code rotate-api-token --output} (any user's, through the scripts).
 */
final class Rotation {
    private final String path;
    private final OutputFile valueFile;
    private final OutputFile uuidFile;

    /** Both files checked, and their temporary files made, before anything is sent. */
    Rotation(String path) throws LauncherException {
        this.path = path;
        this.valueFile = OutputFile.prepare(path);
        try {
            this.uuidFile = OutputFile.prepare(uuidFile(path), "--output (its .uuid)");
        } catch (LauncherException refused) {
            valueFile.close();
            throw refused;
        }
    }

    /** Where the uuid and name of the token held in an --output file are kept: beside it, FILE.uuid. */
    static String uuidFile(String path) {
        return path + ".uuid";
    }

    /** The {uuid, name} kept beside an --output file, or null when there is none. */
    static Map<?, ?> recorded(String path) throws LauncherException {
        Path file = Paths.get(uuidFile(path));
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Object parsed;
        try {
            parsed = Json.parse(Main.read(file.toString(), "--output (its .uuid)"));
        } catch (IllegalArgumentException e) {
            throw new LauncherException(ExitCode.USAGE, file + " is not what self generate or self rotate writes (" + e.getMessage() + "); give uuid=");
        }
        return parsed instanceof Map ? (Map<?, ?>) parsed : null;
    }

    /** The value the file holds now (the token about to be replaced), or null when there is none of a token's shape. */
    String heldValue() {
        try {
            String held = Files.readString(Paths.get(path)).trim();
            return held.matches("(11)?[0-9a-f]{32}") ? held : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Phase 2: the value to the file, in one step; until this succeeds the new token's value is nowhere else. The uuid
     * file beside it is removed first, so that it never names another token than the one the file holds: it is written
     * again once the rotation is through ({@link #recordUuid}).
     */
    void writeValue(String value) throws LauncherException {
        try {
            Files.deleteIfExists(Paths.get(uuidFile(path)));
        } catch (java.io.IOException e) {
            throw new LauncherException(ExitCode.SCRIPT_FAILED, "cannot remove " + uuidFile(path) + " (" + e.getClass().getSimpleName() + ")");
        }
        valueFile.commit(value + "\n");
    }

    /** Last: the uuid and name of the token the file now holds, beside it, for the next rotation. */
    void recordUuid(String uuid, String name) throws LauncherException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("uuid", uuid);
        record.put("name", name);
        uuidFile.commit(Json.write(record) + "\n");
    }

    /**
     * Phase 3: the new token authenticates as its owner (up to case: the default id strategy ignores it, and a realm may
     * answer in its own). Refused over plain HTTP to another machine, where the value would cross in the clear: see
     * {@link #requireSafeTransport}.
     */
    static void verify(JenkinsClient client, String owner, String value) throws LauncherException {
        String who = client.as(new Credentials(owner, value.toCharArray())).whoAmI();
        if (!who.equalsIgnoreCase(owner)) {
            throw new LauncherException(ExitCode.REFUSED, "whoAmI with the new token answers " + Text.quote(who) + ", not " + Text.quote(owner));
        }
    }

    /** Whether a token value still authenticates: false only when Jenkins refuses it; an unclear answer is a failure. */
    static boolean stillWorks(JenkinsClient client, String owner, String value) throws LauncherException {
        try {
            return client.as(new Credentials(owner, value.toCharArray())).whoAmI().equalsIgnoreCase(owner);
        } catch (LauncherException e) {
            if (e.exitCode == ExitCode.REFUSED) {
                return false;
            }
            throw new LauncherException(e.exitCode, "could not confirm that the old token stopped working: " + e.getMessage());
        }
    }

    /** Before anything changes: the proof in phase 3 sends the new value, which plain HTTP to another machine would expose. */
    static void requireSafeTransport(JenkinsClient client) throws LauncherException {
        if (client.isPlainHttpToAnotherHost()) {
            throw new LauncherException(ExitCode.USAGE, "a rotation in phases proves the new token by sending it, which plain HTTP to "
                    + client.root().getHost() + " would expose: use HTTPS; nothing was changed");
        }
    }

    String path() {
        return path;
    }

    /** What failed, in which phase, and what holds now. */
    static LauncherException failed(String phase, LauncherException cause, String holds) {
        // Something was made by then: never "usage error, nothing was sent".
        return new LauncherException(cause.exitCode == ExitCode.OK || cause.exitCode == ExitCode.USAGE ? ExitCode.SCRIPT_FAILED : cause.exitCode,
                "rotation stopped at " + phase + ": " + cause.getMessage() + "; " + holds);
    }

    void close() {
        valueFile.close();
        uuidFile.close();
    }
}
