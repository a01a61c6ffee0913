package io.github.apitokenkit.standin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stand-in plumbing, not a Jenkins class: the digests the stand-in needs in several Jenkins-named classes. */
public final class Hex {
    private Hex() {}

    public static byte[] sha256(String ascii) {
        return digest("SHA-256", ascii.getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }

    public static String encode(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static byte[] decode(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
