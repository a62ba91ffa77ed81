package io.zkafka.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * A ZooKeeper server that takes SASL authentication, set up exactly as the distribution's {@code conf/}
 * says: {@code conf/zookeeper.properties} (its data folder and client port replaced) followed by
 * {@code conf/zookeeper-sasl.properties}, the JVM started with {@code conf/zookeeper_jaas.conf}. It
 * runs in a child JVM because the JAAS configuration and ZooKeeper's authentication providers are
 * JVM-wide: nothing of it leaks into the test's JVM, whose ZooKeeper clients stay unauthenticated.
 * Optionally also a TLS client port with x509 authentication. Its output goes to
 * {@code <dir>/sasl-zookeeper.out}. Also runs any main class of the test
 * classpath in a child JVM with a JAAS file ({@link #runWithJaas}). Not thread-safe.
 */
public final class SaslZooKeeperServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final int securePort;
    private final Path output;
    private final Process process;

    private SaslZooKeeperServer(int port, int securePort, Path output, Process process) {
        this.port = port;
        this.securePort = securePort;
        this.output = output;
        this.process = process;
    }

    /** The repository's {@code conf/} folder (found above the working directory). */
    public static Path confDir() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("conf/zookeeper_jaas.conf"))) {
                return dir.resolve("conf");
            }
        }
        throw new IllegalStateException("no conf/zookeeper_jaas.conf above " + System.getProperty("user.dir"));
    }

    /** {@code -Djava.security.auth.login.config=<file>}. */
    public static String jaasOption(Path jaasFile) {
        return "-Djava.security.auth.login.config=" + jaasFile.toAbsolutePath();
    }

    /** Starts the server with its data under {@code dir}; returns once it answers {@code ruok}. */
    public static SaslZooKeeperServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, null);
    }

    /**
     * As {@link #start(Path)}, plus, when {@code certificates} is not null, a TLS client port
     * ({@link #secureConnectString()}) that requires a client certificate signed by their CA, whose
     * subject ZooKeeper's x509 provider makes an identity ({@code x509:CN=...}) for ACLs.
     */
    public static SaslZooKeeperServer start(Path dir, TestCertificates certificates) throws IOException,
            InterruptedException {
        Path conf = confDir();
        int port = freePort();
        int securePort = certificates == null ? -1 : freePort();
        String properties = Files.readString(conf.resolve("zookeeper.properties"), StandardCharsets.UTF_8)
            .replaceAll("(?m)^dataDir=.*$", Matcher.quoteReplacement("dataDir=" + dir.resolve("sasl-zookeeper-data")))
            .replaceAll("(?m)^clientPort=.*$", "clientPort=" + port)
            + "\n" + Files.readString(conf.resolve("zookeeper-sasl.properties"), StandardCharsets.UTF_8);
        if (certificates != null) {
            properties += String.join("\n", "", "secureClientPort=" + securePort,
                "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory",
                "ssl.keyStore.location=" + certificates.signed("zookeeper-server"),
                "ssl.keyStore.password=" + TestCertificates.PASSWORD, "ssl.keyStore.type=PKCS12",
                "ssl.trustStore.location=" + certificates.truststore(),
                "ssl.trustStore.password=" + TestCertificates.PASSWORD, "ssl.trustStore.type=PKCS12",
                "authProvider.x509=org.apache.zookeeper.server.auth.X509AuthenticationProvider", "");
        }
        Path config = dir.resolve("sasl-zookeeper.properties");
        Files.writeString(config, properties, StandardCharsets.UTF_8);
        Path output = dir.resolve("sasl-zookeeper.out");
        Process process = childJvm(List.of(jaasOption(conf.resolve("zookeeper_jaas.conf"))),
            "org.apache.zookeeper.server.ZooKeeperServerMain", List.of(config.toString()))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        SaslZooKeeperServer server = new SaslZooKeeperServer(port, securePort, output, process);
        try {
            TestUtils.waitForCondition(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the SASL ZooKeeper server exited: " + server.output());
                }
                return "imok".equals(fourLetterWord(port, "ruok"));
            }, START_TIMEOUT, () -> "the SASL ZooKeeper server answers ruok: " + server.output());
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /**
     * Runs {@code mainClass} of the test classpath in a child JVM started with {@code jaasFile}
     * (none when null) and returns its output (standard output and error), failing after {@code timeout}.
     */
    public static String runWithJaas(Path jaasFile, String mainClass, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        List<String> options = jaasFile == null ? List.of() : List.of(jaasOption(jaasFile));
        Process process = childJvm(options, mainClass, args).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(mainClass + " did not end within " + timeout);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    public String connectString() {
        return "127.0.0.1:" + port;
    }

    /** The TLS client port's connect string (only when started with certificates). */
    public String secureConnectString() {
        if (securePort < 0) {
            throw new IllegalStateException("started without certificates: no TLS client port");
        }
        return "127.0.0.1:" + securePort;
    }

    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static ProcessBuilder childJvm(List<String> jvmOptions, String mainClass, List<String> args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    private static String fourLetterWord(int port, String word) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
