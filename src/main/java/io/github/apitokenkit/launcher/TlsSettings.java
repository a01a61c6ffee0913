package io.github.apitokenkit.launcher;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** How the launcher trusts TLS certificates: the JDK's defaults, a private CA (--cacert), or nothing (--insecure). */
final class TlsSettings {
    /** The JDK's own trust store and host name check. */
    static final TlsSettings DEFAULT = new TlsSettings(null, null, null);
    final SSLSocketFactory socketFactory;
    final HostnameVerifier hostnameVerifier;
    /** The --cacert file, when certificates are checked against it instead of the JDK's trust store. */
    final String privateCa;

    private TlsSettings(SSLSocketFactory socketFactory, HostnameVerifier hostnameVerifier, String privateCa) {
        this.socketFactory = socketFactory;
        this.hostnameVerifier = hostnameVerifier;
        this.privateCa = privateCa;
    }

    static TlsSettings of(Options options) throws LauncherException {
        try {
            if (options.insecure) {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new TrustEverything()}, new SecureRandom());
                return new TlsSettings(context.getSocketFactory(), new HostnameVerifier() {
                    @Override
                    public boolean verify(String host, SSLSession session) {
                        return true;
                    }
                }, null);
            }
            if (options.cacert != null) {
                KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
                trusted.load(null, null);
                Collection<? extends Certificate> certificates;
                try (InputStream in = new ByteArrayInputStream(Main.read(options.cacert, "--cacert").getBytes(StandardCharsets.UTF_8))) {
                    certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                if (certificates.isEmpty()) {
                    throw new LauncherException(ExitCode.USAGE, "--cacert " + options.cacert + " holds no certificate");
                }
                int i = 0;
                for (Certificate certificate : certificates) {
                    trusted.setCertificateEntry("ca-" + i++, certificate);
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trusted);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, factory.getTrustManagers(), new SecureRandom());
                return new TlsSettings(context.getSocketFactory(), null, options.cacert);
            }
            return DEFAULT;
        } catch (LauncherException e) {
            throw e;
        } catch (Exception e) {
            throw new LauncherException(ExitCode.USAGE, "cannot use --cacert " + options.cacert + ": " + e.getMessage());
        }
    }

    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

