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

    /** Whether it rotates in phases: one value a controller, each delivered before the next phase. */
    default boolean rotates() {
        return false;
    }

    /** A kit script, sent with the prologue, its parameters and this call's sealing key; success read from its envelope. */
    final class Script implements Operation {
        private final String name;
        private final String source;
        private final Map<String, String> parameters;
        /** Where created values go; null to print them. */
        private final Delivery delivery;
        private final boolean printsSecrets;
        /** The first controller's sealing key, made ahead (see the constructor); later controllers make their own. */
        private final FutureTask<Sealer> firstSealer;
        private final AtomicBoolean firstSealerTaken = new AtomicBoolean();

        Script(String name, String source, Map<String, String> parameters) {
            this(name, source, parameters, null);
        }

        Script(String name, String source, Map<String, String> parameters, Delivery delivery) {
            this.name = name;
            this.source = source;
            this.parameters = parameters;
            this.delivery = delivery;
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
            Outcome outcome = Outcome.opened(client.root().toString(), result, sealer, nonce);
            return delivery == null ? outcome : deliver(client, outcome);
        }

        /**
         * The values the script made, to the delivery; one that cannot be delivered is taken back: the token revoked
         * again (revoke-api-tokens, by uuid), or named when that fails. A value shown, not made (show-legacy), is still
         * in Jenkins: nothing to take back.
         */
        private Outcome deliver(JenkinsClient client, Outcome outcome) {
            if (!outcome.ok() || outcome.secrets.isEmpty()) {
                return outcome;
            }
            String url = client.root().toString();
            Map<?, ?> result = outcome.value instanceof Map ? (Map<?, ?>) outcome.value : Map.of();
            String user = text(result.get("user"));
            String uuid = text(result.get("uuid"));
            List<String> notes = new ArrayList<>();
            for (String value : outcome.secrets.values()) {
                try {
                    String note = delivery.deliver(new Delivery.Made(url, user, text(result.get("name")), uuid, value));
                    if (note != null) {
                        notes.add(note);
                    }
                } catch (LauncherException undelivered) {
                    return takeBack(client, outcome, user, uuid, Boolean.TRUE.equals(result.get("changed")), undelivered);
                }
            }
            Outcome delivered = outcome.delivered(delivery.note());
            return notes.isEmpty() ? delivered : delivered.noted("Note: " + String.join("; ", notes) + ".");
        }

        private static Outcome takeBack(JenkinsClient client, Outcome outcome, String user, String uuid, boolean made, LauncherException undelivered) {
            String url = client.root().toString();
            List<Object> audit = new ArrayList<>(outcome.audit);
            String message = undelivered.getMessage() + "; ";
            if (!made) {
                message += "nothing was changed: Jenkins still holds the value";
            } else if (user == null || uuid == null) {
                message += "the value made could not be delivered, and is lost: revoke it (see list-api-tokens" + (user == null ? "" : " user=" + user) + ")";
            } else {
                Outcome revoked = revoke(client, user, uuid);
                audit.addAll(revoked.audit);
                message += revoked.ok() ? "the token made (uuid " + uuid + ") was revoked again"
                        : "the token made (uuid " + uuid + ") could not be revoked again (" + revoked.error + "): revoke it with revoke-api-tokens user="
                        + user + " uuid=" + uuid + " dryRun=false";
            }
            return Outcome.failed(url, new LauncherException(undelivered.exitCode, message), audit);
        }

        /** revoke-api-tokens for one token, by uuid; a failure on the way is an outcome too. */
        static Outcome revoke(JenkinsClient client, String user, String uuid) {
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

        private static String text(Object value) {
            return value instanceof String ? (String) value : null;
        }
    }

    /**
     * rotate-api-token with --output or --deliver: the {@link Rotation} engine over the kit's scripts. The script makes
     * the new token and keeps the previous ones of its name (revokePrevious=false); revoke-api-tokens retires each by
     * uuid once the new one is delivered and proven; list-api-tokens says which tokens of the name there were before,
     * so that a new token whose answer was lost is found again.
     */
    final class PhasedRotation implements Operation, Rotation.Side {
        private final Script rotate;
        private final Delivery delivery;
        private final String user;
        private final String name;

        PhasedRotation(String source, Map<String, String> parameters, Delivery delivery) throws LauncherException {
            if (parameters.containsKey("revokePrevious")) {
                throw new LauncherException(ExitCode.USAGE, "with " + delivery.option() + " the previous tokens are revoked after the new one is delivered "
                        + "and proven to work: leave revokePrevious out");
            }
            int graceDays;
            try {
                graceDays = Integer.parseInt(parameters.getOrDefault("graceDays", "0").trim());
            } catch (NumberFormatException e) {
                throw new LauncherException(ExitCode.USAGE, "parameter graceDays must be a number of days, not " + Text.quote(parameters.get("graceDays")));
            }
            if (graceDays != 0) {
                // The proof in phase 3 is a use of the new token, which would end the grace at the next prune.
                throw new LauncherException(ExitCode.USAGE, "graceDays does not go with " + delivery.option() + ": the whoAmI that proves the new token "
                        + "counts as its use and would end the grace at once; rotate with " + delivery.option() + ", or with graceDays and neither");
            }
            Map<String, String> keeping = new LinkedHashMap<>(parameters);
            keeping.put("revokePrevious", "false");
            this.rotate = new Script("rotate-api-token", source, keeping);
            this.delivery = delivery;
            this.user = parameters.getOrDefault("user", "");
            this.name = parameters.getOrDefault("name", "");
        }

        @Override
        public boolean rotates() {
            return true;
        }

        @Override
        public Outcome run(JenkinsClient client) {
            return new Rotation(this, delivery, name).run(client);
        }

        @Override
        public String owner(JenkinsClient client) {
            return user;
        }

        @Override
        public List<String> named(JenkinsClient client, String tokenName) throws LauncherException {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("user", user);
            Outcome listed = new Script("list-api-tokens", Inputs.bundledScript("list-api-tokens"), parameters).run(client);
            if (!listed.ok() || !(listed.value instanceof Map) || !(((Map<?, ?>) listed.value).get("tokens") instanceof List)) {
                throw new LauncherException(listed.ok() ? ExitCode.SCRIPT_FAILED : listed.exitCode, "listing the tokens of " + Text.quote(user) + " failed: "
                        + (listed.ok() ? "its answer has no tokens" : listed.error));
            }
            List<String> uuids = new ArrayList<>();
            for (Object token : (List<?>) ((Map<?, ?>) listed.value).get("tokens")) {
                if (token instanceof Map && tokenName.equals(((Map<?, ?>) token).get("name"))) {
                    uuids.add(String.valueOf(((Map<?, ?>) token).get("uuid")));
                }
            }
            return uuids;
        }

        @Override
        public Rotation.NewToken make(JenkinsClient client, String tokenName, List<Object> audit) throws LauncherException {
            Outcome made = rotate.run(client);
            audit.addAll(made.audit);
            if (made.ok() && made.secrets.size() == 1 && made.value instanceof Map) {
                Map<?, ?> result = (Map<?, ?>) made.value;
                List<String> previous = new ArrayList<>();
                if (result.get("previous") instanceof List) {
                    for (Object one : (List<?>) result.get("previous")) {
                        previous.add(String.valueOf(one));
                    }
                }
                return new Rotation.NewToken(String.valueOf(result.get("uuid")), made.secrets.values().iterator().next(), previous, result);
            }
            if (!made.ok() && made.exitCode != ExitCode.NETWORK) {
                // The script's own failure: its audit records say whether it made a token before failing.
                for (Object record : made.audit) {
                    if (record instanceof Map && "create".equals(((Map<?, ?>) record).get("action")) && ((Map<?, ?>) record).get("uuid") != null) {
                        throw new Rotation.ValueLost(made.exitCode, made.error, String.valueOf(((Map<?, ?>) record).get("uuid")));
                    }
                }
                throw new Rotation.NothingMade(made.exitCode, made.error);
            }
            throw new LauncherException(made.ok() ? ExitCode.SCRIPT_FAILED : made.exitCode, made.ok() ? "the script's answer holds no new token" : made.error);
        }

        @Override
        public boolean revoke(JenkinsClient client, String uuid, List<Object> audit) throws LauncherException {
            Outcome revoked = Script.revoke(client, user, uuid);
            audit.addAll(revoked.audit);
            if (!revoked.ok()) {
                throw new LauncherException(revoked.exitCode, revoked.error);
            }
            Object list = revoked.value instanceof Map ? ((Map<?, ?>) revoked.value).get("revoked") : null;
            if (list instanceof List) {
                for (Object token : (List<?>) list) {
                    if (token instanceof Map && uuid.equals(((Map<?, ?>) token).get("uuid"))) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public void rename(JenkinsClient client, String uuid, String tokenName) throws LauncherException {
            // Never asked: this side lists tokens, so the new one is made under its own name.
            throw new LauncherException(ExitCode.SCRIPT_FAILED, "no script renames a token");
        }

        @Override
        public String revokeCommand(String uuid) {
            return "revoke-api-tokens user=" + user + " uuid=" + uuid + " dryRun=false";
        }

        @Override
        public String renameCommand(String uuid, String tokenName) {
            return "the Security page of " + user;
        }

        @Override
        public List<String> givenPrevious() {
            return null;
        }
    }

    /**
     * The caller's own tokens through ApiTokenProperty's web methods under /me: generate (Jenkins makes the value and
     * answers it to its owner), revoke, rename, and rotate (the {@link Rotation} engine over these endpoints). Jenkins
     * has no endpoint that lists one's tokens (JENKINS-FACTS §2.5), so rotate makes the new token under a marked name,
     * to be found by a person if its answer is lost, and names it last.
     */
    final class Self implements Operation, Rotation.Side {
        static final Set<String> ACTIONS = Set.of("generate", "revoke", "rename", "rotate");
        private static final String ENDPOINT = "me/descriptorByName/jenkins.security.ApiTokenProperty/";
        private final String action;
        private final Map<String, String> parameters;
        /** Where generate and rotate put the value; null to print it (generate only). */
        private final Delivery delivery;

        Self(String action, Map<String, String> given, Delivery delivery) throws LauncherException {
            this.action = action;
            this.parameters = new LinkedHashMap<>(given);
            this.delivery = delivery;
            Map<String, Set<String>> allowed = Map.of("generate", Set.of("name", "expires"), "revoke", Set.of("uuid"), "rename", Set.of("uuid", "name"),
                    "rotate", Set.of("uuid", "name", "expires"));
            for (String key : parameters.keySet()) {
                if (!allowed.get(action).contains(key)) {
                    throw new LauncherException(ExitCode.USAGE, "self " + action + " takes " + String.join(", ", allowed.get(action)) + ", not " + key);
                }
            }
            if (delivery != null && !(action.equals("generate") || action.equals("rotate"))) {
                throw new LauncherException(ExitCode.USAGE, "self " + action + " makes no value: " + delivery.option() + " is for generate and rotate");
            }
            if (action.equals("rotate")) {
                if (delivery == null) {
                    throw new LauncherException(ExitCode.USAGE, "self rotate needs --output FILE or --deliver COMMAND: the new value must be safe before "
                            + "the old token goes");
                }
                // What FILE.uuid records stands in for what was not given, and is checked as if given.
                Map<?, ?> recorded = blank(parameters.get("uuid")) || blank(parameters.get("name")) ? delivery.recorded() : null;
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
            if (action.equals("rotate") && (blank(parameters.get("uuid")) || blank(parameters.get("name")))) {
                throw new LauncherException(ExitCode.USAGE, "self rotate needs the old token's uuid= and name=" + (delivery instanceof Delivery.ToFile
                        ? ", or the " + Delivery.ToFile.uuidPath(((Delivery.ToFile) delivery).path()) + " that --output wrote beside the token" : ""));
            }
            parseExpiry(parameters.getOrDefault("expires", ""));
        }

        @Override
        public boolean rotates() {
            return action.equals("rotate");
        }

        @Override
        public Outcome run(JenkinsClient client) throws LauncherException {
            String url = client.root().toString();
            if (action.equals("rotate")) {
                return new Rotation(this, delivery, parameters.get("name")).run(client);
            }
            // Asked first here: revoke's answer is an empty 200, which a login page in front of Jenkins gives too.
            client.requireJenkins();
            switch (action) {
                case "generate":
                    return generate(client, url);
                case "revoke": {
                    client.post(ENDPOINT + "revoke", Map.of("tokenUuid", parameters.get("uuid")));
                    // changed is true: Jenkins answers the same whether or not the token existed, so it may have changed.
                    return Outcome.ok(url, "Revoked token " + Text.quote(parameters.get("uuid")) + " (Jenkins answers the same whether or not it existed).\n",
                            Map.of("uuid", parameters.get("uuid"), "changed", true), Map.of());
                }
                default: {
                    rename(client, parameters.get("uuid"), parameters.get("name"));
                    return Outcome.ok(url, "Renamed token " + Text.quote(parameters.get("uuid")) + " to " + Text.quote(parameters.get("name")) + ".\n",
                            Map.of("uuid", parameters.get("uuid"), "name", parameters.get("name"), "changed", true), Map.of());
                }
            }
        }

        @Override
        public String owner(JenkinsClient client) throws LauncherException {
            client.requireJenkins();
            return client.whoAmI();
        }

        @Override
        public List<String> named(JenkinsClient client, String name) {
            return null;
        }

        @Override
        public Rotation.NewToken make(JenkinsClient client, String name, List<Object> audit) throws LauncherException {
            Map<?, ?> data = newToken(client, name);
            return new Rotation.NewToken(String.valueOf(data.get("tokenUuid")), String.valueOf(data.get("tokenValue")), List.of(), null);
        }

        @Override
        public boolean revoke(JenkinsClient client, String uuid, List<Object> audit) throws LauncherException {
            client.post(ENDPOINT + "revoke", Map.of("tokenUuid", uuid));
            return false;
        }

        @Override
        public void rename(JenkinsClient client, String uuid, String name) throws LauncherException {
            JenkinsClient.Response renamed = client.post(ENDPOINT + "rename", Map.of("tokenUuid", uuid, "newName", name));
            // Before 2.505 a rename that succeeds is an empty 200; its errors are JSON there too (JENKINS-FACTS §2.5).
            Map<?, ?> answer = renamed.body.isBlank() ? Map.of("status", "ok") : json(client, renamed);
            if (!"ok".equals(answer.get("status"))) {
                throw new LauncherException(ExitCode.SCRIPT_FAILED, "Jenkins refused: " + answer.get("message"));
            }
        }

        @Override
        public String revokeCommand(String uuid) {
            return "self revoke uuid=" + uuid;
        }

        @Override
        public String renameCommand(String uuid, String name) {
            return "self rename uuid=" + uuid + " name=" + name;
        }

        @Override
        public List<String> givenPrevious() {
            return List.of(parameters.get("uuid"));
        }

        /**
         * generateNewToken; its answer's data (tokenName, tokenUuid, tokenValue). Read the status: an error is a 200 too.
         * A refusal is {@link Rotation.NothingMade}; an answer that does not read leaves it unknown whether a token was made.
         * Before 2.548 the endpoint ignores the expiry fields, makes a token that never expires and answers no
         * expirationDate (JENKINS-FACTS §2.5): that token is revoked again and the call fails, naming its uuid if the
         * revoke fails too. Told by the answer, not by the version Jenkins reports.
         */
        private Map<?, ?> newToken(JenkinsClient client, String name) throws LauncherException {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("newTokenName", name);
            form.putAll(expiry(parameters.getOrDefault("expires", "")));
            Map<?, ?> answer = json(client, client.post(ENDPOINT + "generateNewToken", form));
            if (!"ok".equals(answer.get("status")) || !(answer.get("data") instanceof Map)) {
                throw new Rotation.NothingMade(ExitCode.SCRIPT_FAILED, "Jenkins refused: " + answer.get("message"));
            }
            Map<?, ?> data = (Map<?, ?>) answer.get("data");
            Text.keepOut(String.valueOf(data.get("tokenValue")));
            if (expiry(parameters.getOrDefault("expires", "")).isEmpty() || data.containsKey("expirationDate")) {
                return data;
            }
            String uuid = String.valueOf(data.get("tokenUuid"));
            String made = "token expiry needs Jenkins 2.548 or newer: this controller ignored expires and made a token that never expires (uuid " + uuid + ")";
            try {
                client.post(ENDPOINT + "revoke", Map.of("tokenUuid", uuid));
            } catch (LauncherException e) {
                throw new Rotation.ValueLost(e.exitCode, made + ", which could not be revoked again (" + e.getMessage() + ")", uuid);
            }
            throw new Rotation.NothingMade(ExitCode.SCRIPT_FAILED, made + ", revoked again: leave expires empty on this controller");
        }

        private Outcome generate(JenkinsClient client, String url) throws LauncherException {
            Map<?, ?> data;
            try {
                data = newToken(client, parameters.getOrDefault("name", ""));
            } catch (Rotation.ValueLost lost) {
                return Outcome.failed(url, lost.exitCode, lost.getMessage() + ": revoke it with self revoke uuid=" + lost.uuid);
            } catch (Rotation.NothingMade refused) {
                return Outcome.failed(url, refused.exitCode, refused.getMessage());
            }
            String value = String.valueOf(data.get("tokenValue"));
            String uuid = String.valueOf(data.get("tokenUuid"));
            String name = String.valueOf(data.get("tokenName"));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", name);
            result.put("uuid", uuid);
            String reference = RemoteScript.secretReference(1, RemoteScript.newNonce());
            result.put("value", reference);
            result.put("expires", isoExpiry(parameters.getOrDefault("expires", "")));
            result.put("changed", true);
            String text = "Created API token " + Text.quote(name) + " (uuid " + uuid + "), expires " + result.get("expires")
                    + ".\nToken value, shown this once: " + reference + "\n";
            Outcome outcome = Outcome.ok(url, text, result, Map.of(reference, value));
            if (delivery == null) {
                return outcome;
            }
            String note;
            try {
                note = delivery.deliver(new Delivery.Made(url, client.whoAmI(), name, uuid, value));
            } catch (LauncherException undelivered) {
                String takenBack;
                try {
                    client.post(ENDPOINT + "revoke", Map.of("tokenUuid", uuid));
                    takenBack = "the token made (uuid " + uuid + ") was revoked again";
                } catch (LauncherException alsoFailed) {
                    takenBack = "the token made (uuid " + uuid + ") could not be revoked again (" + alsoFailed.getMessage() + "): revoke it with self revoke uuid=" + uuid;
                }
                return Outcome.failed(url, undelivered.exitCode, undelivered.getMessage() + "; " + takenBack);
            }
            Outcome delivered = outcome.delivered(delivery.note());
            return note == null ? delivered : delivered.noted("Note: " + note + ".");
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
         * 36500, an ISO date not in the past, empty or never): one table of cases, expiry-cases.tsv in the test
         * resources, holds both to it (MainSpec, LifetimePolicySpec).
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
            // Jenkins is there: its answer was cut short (or mangled on the way), so what it did is unknown.
            throw new LauncherException(ExitCode.NETWORK, "the token endpoint's answer is not whole JSON (" + response.body.length()
                    + " characters; cut short on the way?): " + JenkinsClient.firstLine(response.body));
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }
}
