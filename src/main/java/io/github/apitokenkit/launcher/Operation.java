package io.github.apitokenkit.launcher;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/** One thing the launcher does on one controller: a kit script through /scriptText, or a call to a token endpoint. */
interface Operation {
    Outcome run(JenkinsClient client) throws LauncherException;

    /** Whether it writes --output itself, in one of its phases (a rotation), instead of the report writing it after. */
    default boolean deliversOutput() {
        return false;
    }

    /** Removes what it prepared and did not use (an --output's temporary files), also when it never ran. */
    default void close() {
    }

    /** A kit script, sent with the prologue, its parameters and this call's sealing key; success read from its envelope. */
    final class Script implements Operation {
        private final String name;
        private final String source;
        private final Map<String, String> parameters;
        private final boolean printsSecrets;
        /** The first controller's sealing key, made ahead (see the constructor); later controllers make their own. */
        private final FutureTask<Sealer> firstSealer;
        private final AtomicBoolean firstSealerTaken = new AtomicBoolean();

        Script(String name, String source, Map<String, String> parameters) {
            this.name = name;
            this.source = source;
            this.parameters = parameters;
            // A key only for a script that may print a token value (its header says so). A cold JVM spends tens of
            // milliseconds making a P-256 key: a thread of its own starts now, while the main thread reads the rest of
            // the command line and loads the HTTP client (the nonce's SecureRandom is already being seeded: Main).
            this.printsSecrets = ScriptHeader.printsSecrets(source);
            this.firstSealer = new FutureTask<>(new Callable<Sealer>() {
                @Override
                public Sealer call() {
                    return new Sealer();
                }
            });
            if (printsSecrets) {
                Thread ahead = new Thread(firstSealer, "api-token-kit key");
                ahead.setDaemon(true);
                ahead.start();
            }
        }

        private Sealer sealer() throws LauncherException {
            if (!printsSecrets) {
                return null;
            }
            if (firstSealerTaken.getAndSet(true)) {
                return new Sealer();
            }
            try {
                return firstSealer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LauncherException(ExitCode.NETWORK, "interrupted");
            } catch (ExecutionException e) {
                throw new LauncherException(ExitCode.SCRIPT_FAILED, "cannot make a sealing key: " + e.getCause());
            }
        }

        @Override
        public Outcome run(JenkinsClient client) throws LauncherException {
            Sealer sealer = sealer();
            String nonce = RemoteScript.newNonce();
            RemoteScript.Post posted;
            try {
                posted = RemoteScript.post(name, source, parameters, nonce, sealer == null ? null : sealer.publicKey());
            } catch (IllegalArgumentException e) {
                throw new LauncherException(ExitCode.USAGE, e.getMessage());
            }
            if (RemoteScript.sendsValue(source, parameters) || client.isPlainHttpToAnotherHost()) {
                // A known value (seed-api-token's) is not sent before the answer to whoAmI shows Jenkins is there, over
                // HTTPS or on this machine: a redirect or a login page in front would otherwise receive it.
                client.requireJenkins();
            }
            JenkinsClient.Response response = client.post("scriptText", posted.values == null ? Map.of("script", posted.script)
                    : Map.of("script", posted.script, RemoteScript.VALUES_FIELD, posted.values));
            RemoteScript.Result result = RemoteScript.read(response.body, nonce);
            if (!result.ok && result.exitCode == ExitCode.NETWORK) {
                // No envelope at all: was it Jenkins that answered? Only a clear "no" replaces "cut off, check before
                // running it again"; a Jenkins now restarting must not turn that into "retry".
                try {
                    client.requireJenkins();
                } catch (LauncherException notJenkins) {
                    if (notJenkins.exitCode == ExitCode.NOT_JENKINS) {
                        throw notJenkins;
                    }
                }
                if (String.valueOf(response.header("Content-Type")).startsWith("text/html")) {
                    // /scriptText answers text/plain; an HTML page without the envelope was written by something else.
                    return Outcome.failed(client.root().toString(), ExitCode.NOT_JENKINS, "the answer to scriptText is an HTML page, not the "
                            + "script's output: a proxy or single sign-on in front answered instead of Jenkins; use the URL Jenkins itself serves");
                }
            }
            return Outcome.opened(client.root().toString(), result, sealer, nonce);
        }
    }

    /**
     * rotate-api-token with --output, in phases ({@link Rotation}): the script makes the new token and keeps the
     * previous ones of its name (revokePrevious=false); the value goes to --output; whoAmI with the new token must
     * answer its owner; only then does revoke-api-tokens retire each previous token by uuid; last, its uuid and name go
     * beside the file.
     */
    final class PhasedRotation implements Operation {
        private final Script rotate;
        private final Rotation delivery;

        PhasedRotation(String source, Map<String, String> parameters, String output) throws LauncherException {
            if (parameters.containsKey("revokePrevious")) {
                throw new LauncherException(ExitCode.USAGE, "with --output the previous tokens are revoked after the new one is delivered and "
                        + "proven to work: leave revokePrevious out");
            }
            int graceDays;
            try {
                graceDays = Integer.parseInt(parameters.getOrDefault("graceDays", "0").trim());
            } catch (NumberFormatException e) {
                throw new LauncherException(ExitCode.USAGE, "parameter graceDays must be a number of days, not " + Text.quote(parameters.get("graceDays")));
            }
            if (graceDays != 0) {
                // The proof in phase 3 is a use of the new token, which would end the grace at the next prune.
                throw new LauncherException(ExitCode.USAGE, "graceDays does not go with --output: the whoAmI that proves the new token counts as "
                        + "its use and would end the grace at once; rotate with --output, or with graceDays and no --output");
            }
            Map<String, String> keeping = new LinkedHashMap<>(parameters);
            keeping.put("revokePrevious", "false");
            this.rotate = new Script("rotate-api-token", source, keeping);
            this.delivery = new Rotation(output);
        }

        @Override
        public boolean deliversOutput() {
            return true;
        }

        @Override
        public void close() {
            delivery.close();
        }

        @Override
        public Outcome run(JenkinsClient client) throws LauncherException {
            try {
                return phases(client);
            } finally {
                delivery.close();
            }
        }

        private Outcome phases(JenkinsClient client) throws LauncherException {
            String url = client.root().toString();
            Rotation.requireSafeTransport(client);
            Outcome made = rotate.run(client);
            if (!made.ok() || made.secrets.size() != 1 || !(made.value instanceof Map)) {
                return made;
            }
            Map<?, ?> result = (Map<?, ?>) made.value;
            String user = String.valueOf(result.get("user"));
            String uuid = String.valueOf(result.get("uuid"));
            String name = String.valueOf(result.get("name"));
            List<String> previous = new ArrayList<>();
            if (result.get("previous") instanceof List) {
                for (Object one : (List<?>) result.get("previous")) {
                    previous.add(String.valueOf(one));
                }
            }
            String value = made.secrets.values().iterator().next();
            // Every change made on the way is recorded, also when a later phase fails.
            List<Object> audit = new ArrayList<>(made.audit);
            try {
                delivery.writeValue(value);
            } catch (LauncherException e) {
                Outcome undone = revoke(client, user, uuid);
                audit.addAll(undone.audit);
                return Outcome.failed(url, Rotation.failed("phase 2 (writing " + delivery.path() + ")", e, undone.ok()
                        ? "the new token was revoked again; the previous ones still work"
                        : "the new token (uuid " + uuid + ") could not be revoked again (" + undone.error + "), its value is lost: revoke it; "
                        + "the previous ones still work"), audit);
            }
            String retire = previous.isEmpty() ? "" : ": once the new one does, revoke them with revoke-api-tokens user=" + user + " uuid=UUID dryRun=false ("
                    + String.join(", ", previous) + ")";
            try {
                Rotation.verify(client, user, value);
            } catch (LauncherException e) {
                return Outcome.failed(url, Rotation.failed("phase 3 (whoAmI with the new token)", e, "the new token is in " + delivery.path()
                        + " (uuid " + uuid + "); the previous ones still work" + retire), audit);
            }
            for (String old : previous) {
                Outcome revoked = revoke(client, user, old);
                audit.addAll(revoked.audit);
                if (!revoked.ok()) {
                    return Outcome.failed(url, Rotation.failed("phase 4 (revoking the previous token " + old + ")",
                            new LauncherException(revoked.exitCode, revoked.error), "the new token is in " + delivery.path()
                                    + " and works; the previous ones still work too" + retire), audit);
                }
            }
            Map<String, Object> rotated = new LinkedHashMap<>();
            for (Map.Entry<?, ?> field : result.entrySet()) {
                rotated.put(String.valueOf(field.getKey()), field.getValue());
            }
            rotated.put("revoked", previous);
            rotated.put("value", "<written to " + delivery.path() + ">");
            try {
                delivery.recordUuid(uuid, name);
            } catch (LauncherException e) {
                return Outcome.failed(url, Rotation.failed("the end (writing " + Rotation.uuidFile(delivery.path()) + ")", e, "the rotation is "
                        + "through: the new token (uuid " + uuid + ") is in " + delivery.path() + " and the previous ones are revoked"), audit);
            }
            String text = "Rotated API token " + Text.quote(name) + " of user " + Text.quote(user) + " in phases: "
                    + "the new one (uuid " + uuid + ") is in " + delivery.path() + " and authenticates as " + Text.quote(user) + "; "
                    + (previous.isEmpty() ? "there was none before" : "revoked " + String.join(", ", previous)) + ".\n";
            return Outcome.ok(url, text, rotated, Map.of(), audit).delivered("<written to " + delivery.path() + ">");
        }

        /** revoke-api-tokens for one token, by uuid; a failure on the way is an outcome too. */
        private static Outcome revoke(JenkinsClient client, String user, String uuid) throws LauncherException {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("user", user);
            parameters.put("uuid", uuid);
            parameters.put("dryRun", "false");
            try {
                return new Script("revoke-api-tokens", Inputs.bundledScript("revoke-api-tokens"), parameters).run(client);
            } catch (LauncherException e) {
                return Outcome.failed(client.root().toString(), e.exitCode, e.getMessage());
            }
        }
    }

    /**
     * The caller's own tokens through ApiTokenProperty's web methods under /me: generate (Jenkins makes the value
     * and answers it to its owner), revoke, rename, and rotate (generate, deliver, verify, revoke: {@link Rotation}).
     * With --output, generate and rotate write the value there, and its uuid and name to FILE.uuid, which a later
     * rotate reads to know the token the file holds.
     */
    final class Self implements Operation {
        static final Set<String> ACTIONS = Set.of("generate", "revoke", "rename", "rotate");
        private static final String ENDPOINT = "me/descriptorByName/jenkins.security.ApiTokenProperty/";
        private final String action;
        private final Map<String, String> parameters;
        /** generate and rotate with --output: the files, ready before anything is sent. */
        private final Rotation delivery;

        Self(String action, Map<String, String> given, String output) throws LauncherException {
            this.action = action;
            this.parameters = new LinkedHashMap<>(given);
            Map<String, Set<String>> allowed = Map.of("generate", Set.of("name", "expires"), "revoke", Set.of("uuid"), "rename", Set.of("uuid", "name"),
                    "rotate", Set.of("uuid", "name", "expires"));
            for (String key : parameters.keySet()) {
                if (!allowed.get(action).contains(key)) {
                    throw new LauncherException(ExitCode.USAGE, "self " + action + " takes " + String.join(", ", allowed.get(action)) + ", not " + key);
                }
            }
            if (action.equals("rotate")) {
                if (output == null) {
                    throw new LauncherException(ExitCode.USAGE, "self rotate needs --output FILE: the new value must be safe there before the old token goes");
                }
                // What FILE.uuid records stands in for what was not given, and is checked as if given.
                Map<?, ?> recorded = Rotation.recorded(output);
                for (String key : List.of("uuid", "name")) {
                    if (blank(parameters.get(key)) && recorded != null && recorded.get(key) instanceof String) {
                        parameters.put(key, (String) recorded.get(key));
                    }
                }
            }
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                String refusal = Text.refusal(parameter.getKey(), parameter.getValue());
                if (refusal != null) {
                    throw new LauncherException(ExitCode.USAGE, refusal);
                }
            }
            if ((action.equals("revoke") || action.equals("rename")) && blank(parameters.get("uuid"))) {
                throw new LauncherException(ExitCode.USAGE, "self " + action + " needs uuid=TOKEN_UUID");
            }
            if (action.equals("rename") && blank(parameters.get("name"))) {
                throw new LauncherException(ExitCode.USAGE, "self rename needs name=NEW_NAME");
            }
            if (action.equals("rotate")) {
                if (blank(parameters.get("uuid")) || blank(parameters.get("name"))) {
                    throw new LauncherException(ExitCode.USAGE, "self rotate needs the old token's uuid= and name=, or the " + Rotation.uuidFile(output)
                            + " that self generate or self rotate wrote with --output");
                }
            }
            this.delivery = output != null && (action.equals("generate") || action.equals("rotate")) ? new Rotation(output) : null;
        }

        @Override
        public boolean deliversOutput() {
            return delivery != null;
        }

        @Override
        public void close() {
            if (delivery != null) {
                delivery.close();
            }
        }

        @Override
        public Outcome run(JenkinsClient client) throws LauncherException {
            String url = client.root().toString();
            if (action.equals("rotate")) {
                Rotation.requireSafeTransport(client);
            }
            // Asked first here: revoke's answer is an empty 200, which a login page in front of Jenkins gives too.
            client.requireJenkins();
            try {
                switch (action) {
                    case "generate":
                        return generate(client, url);
                    case "rotate":
                        return rotate(client, url);
                    case "revoke": {
                        client.post(ENDPOINT + "revoke", Map.of("tokenUuid", parameters.get("uuid")));
                        // changed is true: Jenkins answers the same whether or not the token existed, so it may have changed.
                        return Outcome.ok(url, "Revoked token " + Text.quote(parameters.get("uuid")) + " (Jenkins answers the same whether or not it existed).\n",
                                Map.of("uuid", parameters.get("uuid"), "changed", true), Map.of());
                    }
                    default: {
                        JenkinsClient.Response renamed = client.post(ENDPOINT + "rename", Map.of("tokenUuid", parameters.get("uuid"), "newName", parameters.get("name")));
                        // Before 2.505 a rename that succeeds is an empty 200; its errors are JSON there too (JENKINS-FACTS §2.5).
                        Map<?, ?> answer = renamed.body.isBlank() ? Map.of("status", "ok") : json(client, renamed);
                        if (!"ok".equals(answer.get("status"))) {
                            return Outcome.failed(url, ExitCode.SCRIPT_FAILED, "Jenkins refused: " + answer.get("message"));
                        }
                        return Outcome.ok(url, "Renamed token " + Text.quote(parameters.get("uuid")) + " to " + Text.quote(parameters.get("name")) + ".\n",
                                Map.of("uuid", parameters.get("uuid"), "name", parameters.get("name"), "changed", true), Map.of());
                    }
                }
            } finally {
                if (delivery != null) {
                    delivery.close();
                }
            }
        }

        /** generateNewToken; its answer's data (tokenName, tokenUuid, tokenValue). Read the status: an error is a 200 too. */
        private Map<?, ?> newToken(JenkinsClient client) throws LauncherException {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("newTokenName", parameters.getOrDefault("name", ""));
            form.putAll(expiry(parameters.getOrDefault("expires", "")));
            Map<?, ?> answer = json(client, client.post(ENDPOINT + "generateNewToken", form));
            if (!"ok".equals(answer.get("status")) || !(answer.get("data") instanceof Map)) {
                throw new LauncherException(ExitCode.SCRIPT_FAILED, "Jenkins refused: " + answer.get("message"));
            }
            return (Map<?, ?>) answer.get("data");
        }

        /**
         * Before 2.548 generateNewToken ignores the expiry fields, makes a token that never expires and answers no
         * expirationDate (JENKINS-FACTS §2.5): that token is revoked again and the call fails, naming its uuid if the
         * revoke fails too. Told by the answer, not by the version Jenkins reports.
         */
        private void requireExpiryHonoured(JenkinsClient client, Map<?, ?> data) throws LauncherException {
            if (expiry(parameters.getOrDefault("expires", "")).isEmpty() || data.containsKey("expirationDate")) {
                return;
            }
            String uuid = String.valueOf(data.get("tokenUuid"));
            String made = "token expiry needs Jenkins 2.548 or newer: this controller ignored expires and made a token that never expires (uuid " + uuid + ")";
            try {
                client.post(ENDPOINT + "revoke", Map.of("tokenUuid", uuid));
            } catch (LauncherException e) {
                throw new LauncherException(e.exitCode, made + ", which could not be revoked again (" + e.getMessage() + "): revoke it with self revoke uuid=" + uuid);
            }
            throw new LauncherException(ExitCode.SCRIPT_FAILED, made + ", revoked again: leave expires empty on this controller");
        }

        private Outcome generate(JenkinsClient client, String url) throws LauncherException {
            Map<?, ?> data;
            try {
                data = newToken(client);
                requireExpiryHonoured(client, data);
            } catch (LauncherException refused) {
                return Outcome.failed(url, refused.exitCode, refused.getMessage());
            }
            String value = String.valueOf(data.get("tokenValue"));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", data.get("tokenName"));
            result.put("uuid", data.get("tokenUuid"));
            String reference = RemoteScript.secretReference(1, RemoteScript.newNonce());
            result.put("value", reference);
            result.put("expires", isoExpiry(parameters.getOrDefault("expires", "")));
            result.put("changed", true);
            String text = "Created API token " + Text.quote(String.valueOf(data.get("tokenName"))) + " (uuid " + data.get("tokenUuid")
                    + "), expires " + result.get("expires") + ".\nToken value, shown this once: " + reference + "\n";
            Outcome outcome = Outcome.ok(url, text, result, Map.of(reference, value));
            if (delivery == null) {
                return outcome;
            }
            try {
                delivery.writeValue(value);
            } catch (LauncherException e) {
                // The token exists now: losing its value would be worse than showing it here, once. It is still a failure.
                return Outcome.failedShowing(url, ExitCode.SCRIPT_FAILED, e.getMessage() + "; the token was made, and its value is shown instead",
                        text, result, Map.of(reference, value));
            }
            try {
                delivery.recordUuid(String.valueOf(data.get("tokenUuid")), String.valueOf(data.get("tokenName")));
            } catch (LauncherException e) {
                return Outcome.failed(url, ExitCode.SCRIPT_FAILED, e.getMessage() + "; the token (uuid " + data.get("tokenUuid") + ") is in "
                        + delivery.path() + ", and self rotate will need uuid= and name=");
            }
            return outcome.delivered("<written to " + delivery.path() + ">");
        }

        private Outcome rotate(JenkinsClient client, String url) throws LauncherException {
            String owner = client.whoAmI();
            String old = parameters.get("uuid");
            String oldValue = delivery.heldValue();
            Map<?, ?> data;
            try {
                data = newToken(client);
            } catch (LauncherException e) {
                throw Rotation.failed("phase 1 (generating the new token)", e, "nothing changed");
            }
            try {
                requireExpiryHonoured(client, data);
            } catch (LauncherException e) {
                throw Rotation.failed("phase 1 (generating the new token)", e, "the old one still works");
            }
            String value = String.valueOf(data.get("tokenValue"));
            String uuid = String.valueOf(data.get("tokenUuid"));
            try {
                delivery.writeValue(value);
            } catch (LauncherException e) {
                try {
                    client.post(ENDPOINT + "revoke", Map.of("tokenUuid", uuid));
                } catch (LauncherException alsoFailed) {
                    throw Rotation.failed("phase 2 (writing " + delivery.path() + ")", e, "the new token (uuid " + uuid + ") could not be revoked "
                            + "again, its value is lost: revoke it with self revoke uuid=" + uuid + "; the old one still works");
                }
                throw Rotation.failed("phase 2 (writing " + delivery.path() + ")", e, "the new token was revoked again; the old one still works");
            }
            try {
                Rotation.verify(client, owner, value);
            } catch (LauncherException e) {
                throw Rotation.failed("phase 3 (whoAmI with the new token)", e, "the new token is in " + delivery.path() + " (uuid " + uuid
                        + "); the old one still works: once the new one does, revoke the old with self revoke uuid=" + old);
            }
            try {
                client.post(ENDPOINT + "revoke", Map.of("tokenUuid", old));
            } catch (LauncherException e) {
                throw Rotation.failed("phase 4 (revoking the old token)", e, "the new token is in " + delivery.path() + " and works; the old one "
                        + "still works too: revoke it with self revoke uuid=" + old);
            }
            // Jenkins answers revoke the same for a uuid it does not know: the value the file held shows whether it is gone.
            boolean stillWorks;
            try {
                stillWorks = oldValue != null && Rotation.stillWorks(client, owner, oldValue);
            } catch (LauncherException e) {
                throw Rotation.failed("phase 4 (revoking the old token)", e, "the new token is in " + delivery.path() + " (uuid " + uuid
                        + ") and works; check the old one on your user's Security page");
            }
            if (stillWorks) {
                throw Rotation.failed("phase 4 (revoking the old token)", new LauncherException(ExitCode.SCRIPT_FAILED, "the token "
                        + delivery.path() + " held still authenticates, so uuid " + old + " was not its uuid"), "the new token is in "
                        + delivery.path() + " (uuid " + uuid + ") and works; revoke the old one from your user's Security page");
            }
            try {
                delivery.recordUuid(uuid, parameters.get("name"));
            } catch (LauncherException e) {
                throw Rotation.failed("the end (writing " + Rotation.uuidFile(delivery.path()) + ")", e, "the rotation is through: the new "
                        + "token (uuid " + uuid + ") is in " + delivery.path() + " and the old one is revoked; next time give uuid= and name=");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", parameters.get("name"));
            result.put("uuid", uuid);
            result.put("revoked", old);
            result.put("expires", isoExpiry(parameters.getOrDefault("expires", "")));
            result.put("changed", true);
            return Outcome.ok(url, "Rotated API token " + Text.quote(parameters.get("name")) + ": the new one (uuid " + uuid + ") is in "
                    + delivery.path() + " and authenticates as " + Text.quote(owner) + "; revoked the old one (uuid " + old + ").\n", result, Map.of());
        }

        /** The expiry asked for, as an ISO date (Jenkins answers it in its own locale's short format). */
        private static String isoExpiry(String expires) throws LauncherException {
            Object expiry = parseExpiry(expires);
            return expiry == null ? "never" : expiry instanceof Long ? LocalDate.now().plusDays((Long) expiry).toString() : expiry.toString();
        }

        /** '' or never: none; a number of days; or a date (2027-01-31), as the endpoint's expirationDuration takes them. */
        private static Map<String, String> expiry(String expires) throws LauncherException {
            Object expiry = parseExpiry(expires);
            if (expiry == null) {
                return Map.of();
            }
            return expiry instanceof Long ? Map.of("expirationDuration", expiry.toString())
                    : Map.of("expirationDuration", "custom", "tokenExpiration", expiry.toString());
        }

        /**
         * null for none, a Long of days, or a LocalDate; the same rule as the scripts' expires parameter (days from 0 to
         * 36500, an ISO date not in the past, empty or never).
         */
        private static Object parseExpiry(String expires) throws LauncherException {
            String text = expires.trim();
            if (text.isEmpty() || text.equals("never")) {
                return null;
            }
            if (text.matches("-?\\d{1,12}")) {
                long days = Long.parseLong(text);
                if (days < 0 || days > 36500) {
                    throw new LauncherException(ExitCode.USAGE, "expires must be a number of days from 0 to 36500, not " + days);
                }
                return days;
            }
            try {
                LocalDate date = LocalDate.parse(text);
                if (date.isBefore(LocalDate.now())) {
                    throw new LauncherException(ExitCode.USAGE, "expires is in the past (" + date + "): the token would be born expired");
                }
                return date;
            } catch (DateTimeParseException e) {
                throw new LauncherException(ExitCode.USAGE, "expires must be a number of days from 0 to 36500, a date like 2027-01-31, or never; not "
                        + Text.quote(text));
            }
        }

        private static Map<?, ?> json(JenkinsClient client, JenkinsClient.Response response) throws LauncherException {
            try {
                Object parsed = Json.parse(response.body);
                if (parsed instanceof Map) {
                    return (Map<?, ?>) parsed;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            client.requireJenkins();
            throw new LauncherException(ExitCode.NOT_JENKINS, "the token endpoint did not answer JSON: "
                    + JenkinsClient.firstLine(response.body));
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }
}
