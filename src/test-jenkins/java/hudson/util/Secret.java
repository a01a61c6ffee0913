// Stand-in of hudson.util.Secret (Jenkins 2.579): an AES-CBC encrypted string, written by XStream as
// "{base64 payload}" with the version-1 layout of core (0x01, iv length, data length, iv, data). The key lives in
// $JENKINS_HOME/secrets/hudson.util.Secret (raw, where core wraps it with master.key). The legacy historical
// format and the Secret(String) deprecations are left out.
package hudson.util;

import com.thoughtworks.xstream.converters.Converter;
import com.thoughtworks.xstream.converters.MarshallingContext;
import com.thoughtworks.xstream.converters.UnmarshallingContext;
import com.thoughtworks.xstream.io.HierarchicalStreamReader;
import com.thoughtworks.xstream.io.HierarchicalStreamWriter;
import io.github.apitokenkit.standin.ConfidentialStore;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(Secret.class.getName());
    private static final byte PAYLOAD_V1 = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;
    /** One IV per secret, kept from decryption, so saving an unchanged secret writes the same ciphertext, as core does. */
    private final byte[] iv;

    private Secret(String value, byte[] iv) {
        this.value = value;
        this.iv = iv;
    }

    private static byte[] newIv() {
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        return iv;
    }

    public static Secret fromString(String data) {
        data = data == null ? "" : data;
        Secret decrypted = decrypt(data);
        return decrypted != null ? decrypted : new Secret(data, newIv());
    }

    public String getPlainText() {
        return value;
    }

    /** Core logs this warning too: toString() works but callers should say which form they want. */
    @Deprecated
    @Override
    public String toString() {
        LOGGER.log(Level.WARNING, "Use of toString() on hudson.util.Secret from {0}. Prefer getPlainText() or getEncryptedValue() depending your needs.",
                caller());
        return value;
    }

    public static String toString(Secret s) {
        return s == null ? "" : s.value;
    }

    public String getEncryptedValue() {
        try {
            byte[] data = cipher(Cipher.ENCRYPT_MODE, iv).doFinal(value.getBytes(StandardCharsets.UTF_8));
            ByteBuffer payload = ByteBuffer.allocate(1 + 4 + 4 + iv.length + data.length);
            payload.put(PAYLOAD_V1).putInt(iv.length).putInt(data.length).put(iv).put(data);
            return "{" + Base64.getEncoder().encodeToString(payload.array()) + "}";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Secret decrypt(String data) {
        if (data == null || data.length() < 2 || !data.startsWith("{") || !data.endsWith("}")) {
            return null;
        }
        try {
            ByteBuffer payload = ByteBuffer.wrap(Base64.getDecoder().decode(data.substring(1, data.length() - 1)));
            if (payload.get() != PAYLOAD_V1) {
                return null;
            }
            byte[] iv = new byte[payload.getInt()];
            byte[] encrypted = new byte[payload.getInt()];
            payload.get(iv).get(encrypted);
            return new Secret(new String(cipher(Cipher.DECRYPT_MODE, iv).doFinal(encrypted), StandardCharsets.UTF_8), iv);
        } catch (RuntimeException | GeneralSecurityException e) {
            return null;
        }
    }

    private static Cipher cipher(int mode, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(mode, new SecretKeySpec(ConfidentialStore.key(Secret.class.getName(), 16), "AES"), new IvParameterSpec(iv));
        return cipher;
    }

    private static String caller() {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        return stack.length > 2 ? stack[2].toString() : "?";
    }

    @Override
    public boolean equals(Object that) {
        return that instanceof Secret && value.equals(((Secret) that).value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    public static final class ConverterImpl implements Converter {
        public ConverterImpl() {}

        @Override
        public boolean canConvert(Class type) {
            return type == Secret.class;
        }

        @Override
        public void marshal(Object source, HierarchicalStreamWriter writer, MarshallingContext context) {
            writer.setValue(((Secret) source).getEncryptedValue());
        }

        @Override
        public Object unmarshal(HierarchicalStreamReader reader, UnmarshallingContext context) {
            return fromString(reader.getValue());
        }
    }
}
