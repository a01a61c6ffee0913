package io.github.apitokenkit.support

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import com.sun.net.httpserver.HttpsConfigurator
import com.sun.net.httpserver.HttpsServer

import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import java.security.KeyStore
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
     * Certificates made once per test JVM (each keytool run is a JVM of its own) and
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

    /** A keystore and its certificate in PEM, made with the JDK's keytool, for 127.0.0.1 or the name given. */
    static Map<String, File> certificate(File folder, String host = '127.0.0.1') {
        copied('for-' + host, folder) { File into -> makeCertificate(into, host) }
    }

    private static Map<String, File> makeCertificate(File folder, String host) {
        File keystore = new File(folder, host + '.p12')
        File pem = new File(folder, host + '.pem')
        String san = host ==~ /[0-9.]+/ ? 'ip:' + host : 'dns:' + host
        keytool(['-genkeypair', '-alias', 'server', '-keyalg', 'EC', '-dname', 'CN=' + host,
             '-ext', 'SAN=' + san, '-validity', '2', '-keystore', keystore.path, '-storetype', 'PKCS12', '-storepass', 'changeit'])
        keytool(['-exportcert', '-rfc', '-alias', 'server', '-keystore', keystore.path, '-storepass', 'changeit', '-file', pem.path])
        return [keystore: keystore, pem: pem]
    }

    /**
     * A server certificate for 127.0.0.1 that expired days ago, signed by a certificate authority that is still valid
     * (Java does not check a trust anchor's own dates, only those of the chain below it): the keystore and the CA in PEM.
     */
    static Map<String, File> expiredCertificate(File folder) {
        copied('expired', folder) { File into -> makeExpiredCertificate(into) }
    }

    private static Map<String, File> makeExpiredCertificate(File folder) {
        File ca = new File(folder, 'expired-ca.p12')
        File keystore = new File(folder, 'expired-server.p12')
        File caPem = new File(folder, 'expired-ca.pem')
        File request = new File(folder, 'expired-server.csr')
        File serverPem = new File(folder, 'expired-server.pem')
        List<String> store = ['-storetype', 'PKCS12', '-storepass', 'changeit']
        keytool(['-genkeypair', '-alias', 'ca', '-keyalg', 'EC', '-dname', 'CN=spec CA', '-ext', 'bc:c', '-validity', '30', '-keystore', ca.path] + store)
        keytool(['-exportcert', '-rfc', '-alias', 'ca', '-keystore', ca.path, '-file', caPem.path] + store)
        keytool(['-genkeypair', '-alias', 'server', '-keyalg', 'EC', '-dname', 'CN=127.0.0.1', '-keystore', keystore.path] + store)
        keytool(['-certreq', '-alias', 'server', '-keystore', keystore.path, '-file', request.path] + store)
        keytool(['-gencert', '-alias', 'ca', '-keystore', ca.path, '-infile', request.path, '-outfile', serverPem.path, '-rfc',
             '-startdate', '-10d', '-validity', '2', '-ext', 'SAN=ip:127.0.0.1'] + store)
        keytool(['-importcert', '-noprompt', '-alias', 'ca', '-file', caPem.path, '-keystore', keystore.path] + store)
        keytool(['-importcert', '-alias', 'server', '-file', serverPem.path, '-keystore', keystore.path] + store)
        return [keystore: keystore, pem: caPem]
    }

    /**
     * The JDK's keytool, in a process of its own. EC keys and a JVM that skips the optimising compiler: a certificate
     * here lives for one test run, and RSA key generation in a cold JVM costs most of a second.
     */
    private static void keytool(List<String> arguments) {
        List<String> command = [new File(System.getProperty('java.home'), 'bin/keytool').path, '-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC'] + arguments
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start()
        String output = process.inputStream.text
        assert process.waitFor() == 0: output
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
