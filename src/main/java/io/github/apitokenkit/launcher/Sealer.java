package io.github.apitokenkit.launcher;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One P-256 key pair per launcher call, so that token values created by a script never exist in plaintext on the
 * Jenkins side: for each value the script makes a one-time key pair, agrees a secret with this public key (ECDH),
 * derives an AES-256 key with HKDF-SHA256 salted with the call's nonce, and encrypts with AES-GCM; only this process,
 * holding the private key, can open it. Every JDK that ran Jenkins since 2.129 (Java 8) has all of these, and a
 * P-256 key costs a cold JVM a fraction of what an RSA-2048 one does.
 */
public final class Sealer {
    static final String INFO = "api-token-kit sealed value";
    private final KeyPair keys;

    private Sealer(KeyPair keys) {
        this.keys = keys;
    }

    /** The private key as render writes it for open: base64 PKCS#8, then the public key, base64 X.509, one a line. */
    String export() {
        Base64.Encoder base64 = Base64.getEncoder();
        return base64.encodeToString(keys.getPrivate().getEncoded()) + "\n" + base64.encodeToString(keys.getPublic().getEncoded()) + "\n";
    }

    /** A key pair that {@link #export} wrote. */
    static Sealer imported(String exported) {
        String[] lines = exported.trim().split("\\s+");
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            Base64.Decoder base64 = Base64.getDecoder();
            return new Sealer(new KeyPair(factory.generatePublic(new X509EncodedKeySpec(base64.decode(lines[1]))),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(base64.decode(lines[0])))));
        } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a key file written by render --key");
        }
    }

    public Sealer() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK cannot make P-256 keys", e);
        }
    }

    /** The public key, base64 X.509, as the scripts expect it. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** Opens one sealed value as the envelope's secrets field carries it: one-time public key, IV, ciphertext. */
    public String unseal(String sealed, String nonce) {
        String[] parts = sealed.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("a sealed value has three parts, this one " + parts.length);
        }
        try {
            Base64.Decoder base64 = Base64.getDecoder();
            PublicKey oneTime = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(base64.decode(parts[0])));
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(keys.getPrivate());
            agreement.doPhase(oneTime, true);
            byte[] key = hkdfSha256(agreement.generateSecret(), nonce.getBytes(StandardCharsets.UTF_8), INFO.getBytes(StandardCharsets.UTF_8));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, base64.decode(parts[1])));
            return new String(cipher.doFinal(base64.decode(parts[2])), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a sealed value does not open with this call's key", e);
        }
    }

    /** RFC 5869 HKDF with HMAC-SHA256, one block: the script's runtime derives the same 32 bytes. */
    static byte[] hkdfSha256(byte[] secret, byte[] salt, byte[] info) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] pseudoRandomKey = mac.doFinal(secret);
        mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return mac.doFinal();
    }
}
