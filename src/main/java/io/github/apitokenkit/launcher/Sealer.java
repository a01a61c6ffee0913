package io.github.apitokenkit.launcher;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * One key pair per launcher call, so that token values created by a script never exist in plaintext on the
 * Jenkins side: the script encrypts them with the public key (RSA-OAEP, SHA-256 and MGF1-SHA-256) and returns them
 * in its envelope's own secrets field; only this process, holding the private key, can open them.
 */
public final class Sealer {
    static final String TRANSFORMATION = "RSA/ECB/OAEPPadding";
    static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

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

    /** Opens one sealed value (base64), as the envelope's secrets field carries it. */
    public String unseal(String sealed) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, keys.getPrivate(), OAEP);
            return new String(cipher.doFinal(Base64.getDecoder().decode(sealed)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a sealed value does not open with this call's key", e);
        }
    }
}
