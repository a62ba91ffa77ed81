package io.zkafka.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zkafka-console.sh}: runs the web console until SIGTERM or Ctrl-C. */
@Command(name = "zkafka-console.sh", mixinStandardHelpOptions = true,
    description = "Serves ZKafka's web console for the cluster at --bootstrap-server.")
public final class ConsoleMain implements Callable<Integer> {
    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT[,...]",
        description = "brokers to connect to (ZKafka's native listeners)")
    private String bootstrap;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
        description = "address to listen on (default ${DEFAULT-VALUE}; the console has no login)")
    private String host;

    @Option(names = "--command-config", paramLabel = "FILE",
        description = "client settings for the console's connections to the cluster (security.protocol, ssl.*, sasl.*), "
            + "as the other tools' --command-config")
    private Path commandConfig;

    @Option(names = "--sample-seconds", defaultValue = "10",
        description = "how often group lag, broker throughput and request rates are sampled for the charts (default ${DEFAULT-VALUE})")
    private int sampleSeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsoleMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--port must be 0 to 65535, got " + port);
        }
        if (sampleSeconds < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                "--sample-seconds must be at least 1, got " + sampleSeconds);
        }
        Map<String, Object> clientSettings = new HashMap<>();
        if (commandConfig != null) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(commandConfig)) {
                properties.load(in);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                    "cannot read --command-config " + commandConfig + ": " + e.getMessage());
            }
            properties.stringPropertyNames().forEach(key -> clientSettings.put(key, properties.getProperty(key)));
        }
        ConsoleServer server = new ConsoleServer(bootstrap, clientSettings, host, port, Duration.ofSeconds(sampleSeconds));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "zkafka-console-shutdown"));
        System.out.println("ZKafka console serving on http://" + host + ":" + server.port() + "/ for " + bootstrap);
        stopped.await();
        return 0;
    }
}
