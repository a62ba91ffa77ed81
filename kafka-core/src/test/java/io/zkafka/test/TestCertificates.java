package io.zkafka.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for TLS tests, made with the JDK's {@code keytool} (run from {@code java.home/bin}) in a
 * folder of the caller's: a throwaway CA, and PKCS12 key stores whose certificate is signed by it
 * ({@link #signed}), signed but expired ({@link #expired}) or self-signed and so untrusted
 * ({@link #selfSigned}), each naming 127.0.0.1 and localhost in its subject alternative names.
 * {@link #truststore()} holds the CA's certificate. Every store's password is {@link #PASSWORD}.
 */
public final class TestCertificates {
    public static final String PASSWORD = "test-secret";
    private static final String SAN = "SAN=ip:127.0.0.1,dns:localhost";

    private final Path dir;
    private final Path caStore;
    private final Path caPem;
    private final Path truststore;

    private TestCertificates(Path dir) throws IOException {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caPem = dir.resolve("ca.pem");
        this.truststore = dir.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=ZKafka Test CA",
            "-ext", "bc:c", "-validity", "30", "-keystore", caStore.toString(), "-storetype", "PKCS12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-file", caPem.toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", truststore.toString(),
            "-storetype", "PKCS12");
    }

    /** Makes a new CA and its trust store in {@code dir}. */
    public static TestCertificates create(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new TestCertificates(dir);
    }

    /** A PKCS12 trust store holding the CA's certificate. */
    public Path truststore() {
        return truststore;
    }

    /** The CA's certificate in PEM. */
    public Path caPem() {
        return caPem;
    }

    /** A key store whose certificate, for {@code name}, the CA signed; valid for 30 days. */
    public Path signed(String name) throws IOException {
        return signedStore(name, null);
    }

    /** A key store whose certificate the CA signed but which expired days ago. */
    public Path expired(String name) throws IOException {
        return signedStore(name, "-10d");
    }

    /** A key store with a self-signed certificate: no trust store of this CA accepts it. */
    public Path selfSigned(String name) throws IOException {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
            "-ext", SAN, "-validity", "30", "-keystore", store.toString(), "-storetype", "PKCS12");
        return store;
    }

    private Path signedStore(String name, String startDate) throws IOException {
        Path store = dir.resolve(name + ".p12");
        Path request = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
            "-validity", "30", "-keystore", store.toString(), "-storetype", "PKCS12");
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", request.toString());
        List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(),
            "-infile", request.toString(), "-outfile", cert.toString(), "-ext", SAN, "-ext", "ku:c=digitalSignature,keyAgreement",
            "-ext", "eku=serverAuth,clientAuth"));
        if (startDate != null) {
            sign.addAll(List.of("-startdate", startDate, "-validity", "1"));
        } else {
            sign.addAll(List.of("-validity", "30"));
        }
        keytool(sign.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", store.toString());
        keytool("-importcert", "-alias", name, "-file", cert.toString(), "-keystore", store.toString());
        return store;
    }

    /** The broker-side ssl.* keys for a listener serving {@code keystore}. */
    public Map<String, Object> serverConfig(Path keystore) {
        Map<String, Object> config = new HashMap<>();
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.location", keystore.toString());
        config.put("ssl.keystore.password", PASSWORD);
        config.put("ssl.key.password", PASSWORD);
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.location", truststore.toString());
        config.put("ssl.truststore.password", PASSWORD);
        return config;
    }

    /** A client's security.protocol=SSL and trust store (Kafka's client keys); with {@code keystore}, its certificate. */
    public Map<String, Object> clientConfig(Path keystore) {
        Map<String, Object> config = new HashMap<>();
        config.put("security.protocol", "SSL");
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.location", truststore.toString());
        config.put("ssl.truststore.password", PASSWORD);
        if (keystore != null) {
            config.put("ssl.keystore.type", "PKCS12");
            config.put("ssl.keystore.location", keystore.toString());
            config.put("ssl.keystore.password", PASSWORD);
            config.put("ssl.key.password", PASSWORD);
        }
        return config;
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running keytool", e);
        }
    }
}
