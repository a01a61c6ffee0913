package io.github.apitokenkit.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one rotation engine, for both ways of reaching the tokens ({@link Side}: the kit's scripts for any user, the
 * token endpoints for one's own). It hands over in phases, each done before the next starts:
 * <ol>
 * <li>the new token is made;</li>
 * <li>its value is delivered ({@link Delivery}: --output or --deliver) — until then it is nowhere else;</li>
 * <li>it is proven: whoAmI with it answers its owner;</li>
 * <li>only then are the old tokens revoked, and each shown gone where that can be told;</li>
 * <li>where the new token was made under a marked name (a side that cannot list tokens), it is given its name.</li>
 * </ol>
 * After every phase the engine knows, of the new token, of each old one and of the delivery, whether it holds, does not
 * hold, or is unknown ({@link Known}); a failure's message is made from that state alone, so it never says "still
 * works" or "nothing changed" unless that is known. A new token whose answer was lost is looked for again and revoked;
 * where that cannot be done, the message names it. A value delivered but not proven stays delivered, with the old
 * tokens still working.
 */
final class Rotation {
    /** What the engine knows of one thing after a phase. */
    enum Known { YES, NO, UNKNOWN }

    /** The new token as phase 1 gave it: its value, uuid and the tokens of its name it replaces. */
    static final class NewToken {
        final String uuid;
        final String value;
        final List<String> previous;
        /** The script's result (scripts) or null: the JSON result starts from it. */
        final Map<?, ?> result;

        NewToken(String uuid, String value, List<String> previous, Map<?, ?> result) {
            this.uuid = uuid;
            this.value = value;
            this.previous = previous;
            this.result = result;
            Text.keepOut(value);
        }
    }

    /** Phase 1 did not make a token, and that is known (Jenkins refused, with nothing created on the way). */
    static final class NothingMade extends LauncherException {
        NothingMade(int exitCode, String message) {
            super(exitCode, message);
        }
    }

    /** Phase 1's answer says a token was made, but its value did not arrive (a value that does not open): its uuid. */
    static final class ValueLost extends LauncherException {
        final String uuid;

        ValueLost(int exitCode, String message, String uuid) {
            super(exitCode, message);
            this.uuid = uuid;
        }
    }

    /** Where the tokens are: what a rotation asks of the scripts or of the token endpoints. */
    interface Side {
        /** The user whose token is rotated, as Jenkins spells it (asked before anything changes). */
        String owner(JenkinsClient client) throws LauncherException;

        /** The uuids of the owner's tokens of that name now, or null when this side cannot list tokens. */
        List<String> named(JenkinsClient client, String name) throws LauncherException;

        /**
         * Phase 1: a new token of that name. Throws {@link NothingMade} when it is known that none was made, {@link
         * ValueLost} when one was and its value is lost, anything else when whether one was made is unknown.
         */
        NewToken make(JenkinsClient client, String name, List<Object> audit) throws LauncherException;

        /** Revokes a token; true when Jenkins's answer says it is gone, false when its answer says nothing of it. */
        boolean revoke(JenkinsClient client, String uuid, List<Object> audit) throws LauncherException;

        void rename(JenkinsClient client, String uuid, String name) throws LauncherException;

        /** How a person revokes that token themself. */
        String revokeCommand(String uuid);

        /** How a person renames it. */
        String renameCommand(String uuid, String name);

        /** The old tokens when the side names them before phase 1 (self rotate's uuid=), or null to take phase 1's. */
        List<String> givenPrevious();
    }

    private final Side side;
    private final Delivery delivery;
    private final String name;

    // What is known, phase after phase.
    private String owner;
    private String madeName;
    private Known made = Known.NO;
    private String newUuid;
    private boolean valueLost;
    private Known takenBack;
    private String takeBackProblem;
    private Known delivered = Known.NO;
    private boolean proven;
    private List<String> previous = new ArrayList<>();
    private final Map<String, Known> oldWorks = new LinkedHashMap<>();
    private final Map<String, LauncherException> oldProblem = new LinkedHashMap<>();
    /** Old tokens whose revocation was attempted (phase 4). */
    private final List<String> attempted = new ArrayList<>();
    /** Old tokens Jenkins took the revocation of, with nothing to confirm it by (its answer is the same for any uuid). */
    private final List<String> unconfirmed = new ArrayList<>();
    private List<String> before;
    private String lookAgainProblem;
    private final List<Object> audit = new ArrayList<>();
    /** The script's result, which the JSON result starts from (scripts); null for the token endpoints. */
    private Map<?, ?> resultBase;

    Rotation(Side side, Delivery delivery, String name) {
        this.side = side;
        this.delivery = delivery;
        this.name = name;
    }

    /** The rotation on one controller: the outcome, a failure's message made from what is known. */
    Outcome run(JenkinsClient client) {
        String url = client.root().toString();
        try {
            return Outcome.ok(url, phases(client), result(), Map.of(), audit);
        } catch (Stopped stopped) {
            return Outcome.failed(url, new LauncherException(stopped.exitCode, stopped.getMessage()), audit);
        } catch (LauncherException refused) {
            // Before phase 1: nothing was changed, as the refusal says.
            return Outcome.failed(url, refused, audit);
        }
    }

    /** A phase failed: its message says what failed and what holds. */
    private static final class Stopped extends LauncherException {
        Stopped(int exitCode, String message) {
            super(exitCode, message);
        }
    }

    private Stopped stopped(String phase, LauncherException cause) {
        // Something may have been made by then: never "usage error, nothing was sent".
        int exit = cause.exitCode == ExitCode.OK || cause.exitCode == ExitCode.USAGE ? ExitCode.SCRIPT_FAILED : cause.exitCode;
        return new Stopped(exit, "rotation stopped at " + phase + ": " + cause.getMessage() + "; " + holds());
    }

    private String phases(JenkinsClient client) throws LauncherException {
        requireSafeTransport(client);
        try {
            owner = side.owner(client);
            before = side.named(client, name);
        } catch (LauncherException refused) {
            throw new LauncherException(refused.exitCode, refused.getMessage() + "; the rotation did not start: nothing was changed");
        }
        // The value delivered before: once the old token is revoked Jenkins refuses it, which a side that cannot list
        // tokens has no other way to tell (its revoke answers the same for any uuid).
        String heldValue = delivery.heldValue();
        if (side.givenPrevious() != null) {
            previous = new ArrayList<>(side.givenPrevious());
            for (String old : previous) {
                oldWorks.put(old, Known.YES);
            }
        }
        // A side that cannot list tokens makes the new one under a name no other token has, to be found by a person.
        madeName = before != null ? name : name + " [rotating " + RemoteScript.newNonce().substring(0, 8) + "]";

        NewToken token;
        try {
            token = side.make(client, madeName, audit);
        } catch (NothingMade refused) {
            throw stopped("phase 1 (making the new token)", refused);
        } catch (ValueLost lost) {
            made = Known.YES;
            newUuid = lost.uuid;
            valueLost = true;
            takeBack(client, List.of(lost.uuid));
            throw stopped("phase 1 (making the new token)", lost);
        } catch (LauncherException unclear) {
            made = Known.UNKNOWN;
            lookAgain(client);
            throw stopped("phase 1 (making the new token)", unclear);
        }
        made = Known.YES;
        newUuid = token.uuid;
        if (token.result != null && token.result.get("user") instanceof String) {
            owner = (String) token.result.get("user");
        }
        if (side.givenPrevious() == null) {
            previous = new ArrayList<>(token.previous);
            for (String old : previous) {
                oldWorks.put(old, Known.YES);
            }
        }
        resultBase = token.result;

        String note;
        try {
            note = delivery.deliver(new Delivery.Made(client.root().toString(), owner, name, token.uuid, token.value));
        } catch (LauncherException failed) {
            takeBack(client, List.of(token.uuid));
            throw stopped("phase 2 (delivering the value)", failed);
        }
        delivered = Known.YES;

        try {
            verify(client, owner, token.value);
        } catch (LauncherException failed) {
            throw stopped("phase 3 (whoAmI with the new token)", failed);
        }
        proven = true;

        for (String old : previous) {
            attempted.add(old);
            boolean said;
            try {
                said = side.revoke(client, old, audit);
            } catch (LauncherException failed) {
                said = false;
                oldProblem.put(old, failed);
            }
            oldWorks.put(old, said ? Known.NO : Known.UNKNOWN);
            if (!said) {
                settle(client, old, heldValue);
            }
            if (oldWorks.get(old) == Known.UNKNOWN && !oldProblem.containsKey(old)) {
                // Jenkins took the revocation and nothing here can tell more (a --deliver rotation of one's own token).
                unconfirmed.add(old);
                oldWorks.put(old, Known.NO);
            }
            String phase = "phase 4 (revoking the old token " + old + ")";
            if (oldProblem.containsKey(old) && oldWorks.get(old) != Known.NO) {
                throw stopped(phase, oldProblem.get(old));
            }
            if (oldWorks.get(old) == Known.YES) {
                throw stopped(phase, new LauncherException(ExitCode.SCRIPT_FAILED, "it still authenticates after Jenkins took its revocation, so "
                        + old + " was not the uuid of the token " + delivery.where().replaceFirst("^in ", "") + " held"));
            }
        }

        if (!madeName.equals(name)) {
            try {
                // As the new token: the caller's own credentials may have been the old token, revoked by now.
                side.rename(client.as(new Credentials(owner, token.value.toCharArray())), token.uuid, name);
            } catch (LauncherException failed) {
                throw stopped("phase 5 (naming the new token " + Text.quote(name) + ")", failed);
            }
        }
        return "Rotated API token " + Text.quote(name) + " of user " + Text.quote(owner) + " in phases: the new one (uuid " + token.uuid + ") is "
                + delivery.where() + " and authenticates as " + Text.quote(owner) + "; "
                + (previous.isEmpty() ? "there was none before" : unconfirmed.isEmpty() ? "revoked " + String.join(", ", previous)
                : "asked Jenkins to revoke " + String.join(", ", previous) + " (it answers the same for a uuid it does not know, and no value "
                + "held before was there to check with)") + "."
                + (note == null ? "" : " Note: " + note + ".") + "\n";
    }

    private Map<String, Object> result() {
        Map<String, Object> result = new LinkedHashMap<>();
        if (resultBase != null) {
            for (Map.Entry<?, ?> field : resultBase.entrySet()) {
                result.put(String.valueOf(field.getKey()), field.getValue());
            }
        }
        result.put("user", owner);
        result.put("name", name);
        result.put("uuid", newUuid);
        result.put("value", delivery.note());
        result.put("previous", previous);
        result.put("revoked", previous);
        result.put("changed", true);
        return result;
    }

    /** Tokens whose value is lost (or was not delivered) revoked again; what became of them is known after. */
    private void takeBack(JenkinsClient client, List<String> uuids) {
        takenBack = Known.YES;
        for (String uuid : uuids) {
            try {
                side.revoke(client, uuid, audit);
            } catch (LauncherException failed) {
                takenBack = Known.UNKNOWN;
                takeBackProblem = failed.getMessage();
            }
        }
    }

    /**
     * Phase 1's answer was lost: the tokens of the name listed again, and any that was not there before is the one this
     * rotation made, its value lost with the answer: revoked again. A side that cannot list leaves it unknown.
     */
    private void lookAgain(JenkinsClient client) {
        if (before == null) {
            return;
        }
        List<String> now;
        try {
            now = side.named(client, name);
        } catch (LauncherException failed) {
            lookAgainProblem = failed.getMessage();
            return;
        }
        List<String> fresh = new ArrayList<>(now);
        fresh.removeAll(before);
        if (fresh.isEmpty()) {
            made = Known.NO;
            return;
        }
        made = Known.YES;
        valueLost = true;
        newUuid = String.join(", ", fresh);
        takeBack(client, fresh);
    }

    /**
     * An old token's revocation unclear: the side's own list tells; a side that cannot list is told by the value the
     * delivery held before (Jenkins refuses it once revoked; one that still works was not the old token's, or is not
     * revoked); without either it stays unknown.
     */
    private void settle(JenkinsClient client, String old, String heldValue) {
        try {
            if (before != null) {
                oldWorks.put(old, side.named(client, name).contains(old) ? Known.YES : Known.NO);
            } else if (heldValue != null) {
                oldWorks.put(old, stillWorks(client, owner, heldValue) ? Known.YES : Known.NO);
            }
        } catch (LauncherException unclear) {
            oldProblem.putIfAbsent(old, unclear);
        }
    }

    /** What holds now, said from what is known: of the new token, of the old ones, of the delivery. */
    private String holds() {
        List<String> said = new ArrayList<>();
        if (made == Known.NO) {
            said.add("no new token was made");
        } else if (made == Known.UNKNOWN) {
            said.add(before != null
                    ? "whether a new token was made is unknown (its tokens could not be listed again: " + lookAgainProblem + "): any token named "
                    + Text.quote(name) + " other than " + (before.isEmpty() ? "none" : String.join(", ", before)) + " (if there is one)" + " holds a lost value: revoke it"
                    : "whether Jenkins made the new token is unknown: if your user's Security page lists a token named " + Text.quote(madeName)
                    + ", its value was lost: revoke it there");
        } else if (takenBack != null) {
            String what = valueLost ? "a new token (uuid " + newUuid + ") was made, its value lost with the answer" : "the new token (uuid " + newUuid + ")";
            said.add(takenBack == Known.YES ? what + (valueLost ? ", and was revoked again" : " was revoked again")
                    : what + (valueLost ? ", and" : "") + " could not be revoked again (" + takeBackProblem + "): revoke it with " + side.revokeCommand(newUuid));
        } else if (delivered == Known.YES) {
            said.add("the new token (uuid " + newUuid + ") is " + delivery.where() + (proven ? " and works" : ""));
            if (proven && !madeName.equals(name) && !oldWorks.containsValue(Known.YES) && !oldWorks.containsValue(Known.UNKNOWN)) {
                said.add("the rotation is through but for its name: " + side.renameCommand(newUuid, name));
            }
        }
        List<String> untouched = new ArrayList<>();
        for (String old : previous) {
            Known works = oldWorks.get(old);
            if (works == Known.YES && attempted.contains(old)) {
                said.add("the old token (uuid " + old + ") still works too: revoke it with " + side.revokeCommand(old));
            } else if (works == Known.YES) {
                untouched.add(old);
            } else if (works == Known.NO) {
                said.add("the old token (uuid " + old + ") is revoked");
            } else {
                said.add("whether the old token (uuid " + old + ") still works is unknown: revoke it with " + side.revokeCommand(old));
            }
        }
        if (!untouched.isEmpty()) {
            said.add(untouched.size() == 1 ? "the old token (uuid " + untouched.get(0) + ") still works"
                    : "the previous tokens (" + String.join(", ", untouched) + ") still work");
        } else if (previous.isEmpty() && made != Known.YES) {
            // Phase 1 did not say which they are; nothing touched them.
            said.add("the previous tokens of the name still work");
        }
        String unchanged = delivered == Known.YES ? null : delivery.unchanged();
        if (unchanged != null) {
            said.add(unchanged);
        }
        return String.join("; ", said);
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
            throw new LauncherException(e.exitCode, "could not tell whether the old token stopped working: " + e.getMessage());
        }
    }

    /** Before anything changes: the proof in phase 3 sends the new value, which plain HTTP to another machine would expose. */
    static void requireSafeTransport(JenkinsClient client) throws LauncherException {
        if (client.isPlainHttpToAnotherHost()) {
            throw new LauncherException(ExitCode.USAGE, "a rotation in phases proves the new token by sending it, which plain HTTP to "
                    + client.root().getHost() + " would expose: use HTTPS; nothing was changed");
        }
    }
}
