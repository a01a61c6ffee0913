package io.github.apitokenkit.support

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import com.sun.net.httpserver.HttpsConfigurator
import com.sun.net.httpserver.HttpsServer

import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x509.BasicConstraints
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.asn1.x509.GeneralName
import org.bouncycastle.asn1.x509.GeneralNames
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder

import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.PrivateKey
import java.security.PublicKey
import java.security.SecureRandom
import java.security.cert.X509Certificate
import java.util.concurrent.CountDownLatch

/**
 * A server on 127.0.0.1 that is not Jenkins, for the launcher's failure specs: it answers every request with one
 * fixed status, headers and body; or holds every request unanswered until closed (a timeout); or serves HTTPS with
 * a certificate made for the spec.
 */
class FakeServer implements Closeable {
    final HttpServer server
    final CountDownLatch release = new CountDownLatch(1)

    private FakeServer(HttpServer server, int status, Map<String, String> headers, String body, boolean hold) {
        this.server = server
        server.createContext('/') { HttpExchange exchange ->
            exchange.requestBody.bytes
            if (hold) {
                release.await()
            }
            headers.each { k, v -> exchange.responseHeaders.set(k, v) }
            byte[] bytes = body.getBytes('UTF-8')
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length)
            if (bytes.length > 0) {
                exchange.responseBody.write(bytes)
            }
            exchange.close()
        }
        server.executor = java.util.concurrent.Executors.newCachedThreadPool()
        server.start()
    }

    static FakeServer answering(int status, Map<String, String> headers, String body) {
        new FakeServer(HttpServer.create(new InetSocketAddress(InetAddress.getByName('127.0.0.1'), 0), 10), status, headers, body, false)
    }

    static FakeServer silent() {
        new FakeServer(HttpServer.create(new InetSocketAddress(InetAddress.getByName('127.0.0.1'), 0), 10), 200, [:], '', true)
    }

    /** HTTPS with a self-signed certificate from {@code keystore} (PKCS12, password "changeit"). */
    static FakeServer https(File keystore) {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName('127.0.0.1'), 0), 10)
        KeyStore keys = KeyStore.getInstance('PKCS12')
        keystore.withInputStream { keys.load(it, 'changeit'.toCharArray()) }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.defaultAlgorithm)
        factory.init(keys, 'changeit'.toCharArray())
        SSLContext context = SSLContext.getInstance('TLS')
        context.init(factory.keyManagers, null, null)
        server.httpsConfigurator = new HttpsConfigurator(context)
        return new FakeServer(server, 200, [:], 'hello', false)
    }

    /**
     * Certificates made once per test JVM (EC keys are quick, loading the certificate builder is not) and
     * copied into each feature's folder, so a feature may change or delete its copies.
     */
    private static final Map<String, Map<String, File>> MADE = [:]
    private static final File MADE_IN = File.createTempDir('spec-certificates', '')

    static {
        Runtime.runtime.addShutdownHook(new Thread({ MADE_IN.deleteDir() } as Runnable))
    }

    private static synchronized Map<String, File> copied(String kind, File folder, Closure<Map<String, File>> make) {
        Map<String, File> made = MADE[kind]
        if (made == null) {
            File into = new File(MADE_IN, kind)
            into.mkdirs()
            made = make.call(into)
            MADE[kind] = made
        }
        made.collectEntries { String role, File file ->
            File copy = new File(folder, file.name)
            copy.bytes = file.bytes
            [(role): copy]
        }
    }

    /** A self-signed certificate for 127.0.0.1 or the name given: its keystore and the certificate in PEM. */
    static Map<String, File> certificate(File folder, String host = '127.0.0.1') {
        copied('for-' + host, folder) { File into -> makeCertificate(into, host) }
    }

    private static Map<String, File> makeCertificate(File folder, String host) {
        KeyPair server = ecKeyPair()
        X509Certificate certificate = sign('CN=' + host, server.public, 'CN=' + host, server.private, host, daysFromNow(0), daysFromNow(2), false)
        return [keystore: keystore(new File(folder, host + '.p12'), server.private, certificate),
                pem     : pem(new File(folder, host + '.pem'), certificate)]
    }

    /**
     * A server certificate for 127.0.0.1 that expired days ago, signed by a certificate authority that is still valid
     * (Java does not check a trust anchor's own dates, only those of the chain below it): the keystore and the CA in PEM.
     */
    static Map<String, File> expiredCertificate(File folder) {
        copied('expired', folder) { File into -> makeExpiredCertificate(into) }
    }

    private static Map<String, File> makeExpiredCertificate(File folder) {
        KeyPair ca = ecKeyPair()
        X509Certificate caCertificate = sign('CN=spec CA', ca.public, 'CN=spec CA', ca.private, null, daysFromNow(0), daysFromNow(30), true)
        KeyPair server = ecKeyPair()
        X509Certificate expired = sign('CN=127.0.0.1', server.public, 'CN=spec CA', ca.private, '127.0.0.1', daysFromNow(-10), daysFromNow(-8), false)
        return [keystore: keystore(new File(folder, 'expired-server.p12'), server.private, expired, caCertificate),
                pem     : pem(new File(folder, 'expired-ca.pem'), caCertificate)]
    }

    private static KeyPair ecKeyPair() {
        KeyPairGenerator generator = KeyPairGenerator.getInstance('EC')
        generator.initialize(256)
        generator.generateKeyPair()
    }

    private static Date daysFromNow(int days) {
        new Date(System.currentTimeMillis() + days * 86_400_000L)
    }

    /** An X.509 v3 certificate, SHA256withECDSA, with the host as its subject alternative name (an IP or a DNS name). */
    private static X509Certificate sign(String subject, PublicKey key, String issuer, PrivateKey issuerKey, String host,
                                        Date notBefore, Date notAfter, boolean authority) {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                new BigInteger(64, new SecureRandom()), notBefore, notAfter, new X500Name(subject), key)
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority))
        if (host != null) {
            GeneralName name = host ==~ /[0-9.]+/ ? new GeneralName(GeneralName.iPAddress, host) : new GeneralName(GeneralName.dNSName, host)
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(name))
        }
        new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder('SHA256withECDSA').build(issuerKey)))
    }

    /** PKCS12, password "changeit", the key under the alias "server" with its chain. */
    private static File keystore(File file, PrivateKey key, X509Certificate... chain) {
        KeyStore store = KeyStore.getInstance('PKCS12')
        store.load(null, null)
        store.setKeyEntry('server', key, 'changeit'.toCharArray(), chain)
        file.withOutputStream { store.store(it, 'changeit'.toCharArray()) }
        return file
    }

    private static File pem(File file, X509Certificate certificate) {
        file.text = '-----BEGIN CERTIFICATE-----\n' + Base64.getMimeEncoder(64, '\n'.bytes).encodeToString(certificate.encoded) +
                '\n-----END CERTIFICATE-----\n'
        return file
    }

    String getUrl() {
        "${server instanceof HttpsServer ? 'https' : 'http'}://127.0.0.1:${server.address.port}/"
    }

    @Override
    void close() {
        release.countDown()
        server.stop(0)
    }
}
