package io.github.apitokenkit.launcher;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * One key pair per launcher call, so that token values created by a script never exist in plaintext on the
 * Jenkins side: the script encrypts them with the public key (RSA-OAEP, SHA-256 and MGF1-SHA-256) and prints
 * {@code sealed:<base64>}; only this process, holding the private key, can open them.
 */
public final class Sealer {
    static final String PREFIX = "sealed:";
    static final String TRANSFORMATION = "RSA/ECB/OAEPPadding";
    static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    private static final Pattern SEALED = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9+/=]+");

    private final KeyPair keys;

    public Sealer() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK cannot make RSA keys", e);
        }
    }

    /** The public key, base64 X.509, as the scripts expect it. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** Opens one {@code sealed:<base64>} value. */
    public String unseal(String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed value");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, keys.getPrivate(), OAEP);
            return new String(cipher.doFinal(Base64.getDecoder().decode(sealed.substring(PREFIX.length()))), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a sealed value does not open with this call's key", e);
        }
    }

    /** Replaces every sealed value in a text by what it holds. */
    public String unsealAll(String text) {
        Matcher m = SEALED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(unseal(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
