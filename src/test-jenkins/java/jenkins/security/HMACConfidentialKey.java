// Stand-in of jenkins.security.HMACConfidentialKey (Jenkins 2.579): HmacSHA256 with a key kept under
// $JENKINS_HOME/secrets/<owner>.<shortName>, MACs truncated to the requested length and hex-encoded by mac(String).
// Its ConfidentialKey superclass and the FIPS switch are left out.
package jenkins.security;

import io.github.apitokenkit.standin.ConfidentialStore;
import io.github.apitokenkit.standin.Hex;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class HMACConfidentialKey {
    private static final String ALGORITHM = "HmacSHA256";
    private final String id;
    private final int length;

    public HMACConfidentialKey(String id, int length) {
        this.id = id;
        this.length = length;
    }

    public HMACConfidentialKey(String id) {
        this(id, Integer.MAX_VALUE);
    }

    public HMACConfidentialKey(Class owner, String shortName, int length) {
        this(owner.getName() + '.' + shortName, length);
    }

    public HMACConfidentialKey(Class owner, String shortName) {
        this(owner, shortName, Integer.MAX_VALUE);
    }

    public synchronized byte[] mac(byte[] message) {
        byte[] mac = createMac().doFinal(message);
        return length < mac.length ? Arrays.copyOf(mac, length) : mac;
    }

    public boolean checkMac(byte[] message, byte[] mac) {
        return MessageDigest.isEqual(mac(message), mac);
    }

    public String mac(String message) {
        return Hex.encode(mac(message.getBytes(StandardCharsets.UTF_8)));
    }

    public boolean checkMac(String message, String mac) {
        return MessageDigest.isEqual(mac(message).getBytes(StandardCharsets.UTF_8), mac.getBytes(StandardCharsets.UTF_8));
    }

    public Mac createMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(ConfidentialStore.key(id, 32), ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
