package io.zkafka.tools;

import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.VerboseOption;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kafka-metrics.sh}: prints once the metrics of a broker that match object name patterns,
 * read over remote JMX (a broker started with {@code JMX_PORT}), one line per attribute:
 * {@code <object name> <attribute>=<value>}, beans in name order. The flags are those of Kafka's
 * {@code kafka-jmx.sh} it needs ({@code --jmx-url}, {@code --object-name}, {@code --attributes}); it
 * always reports one time. Confined to the thread that runs it.
 */
@Command(name = "kafka-metrics.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "Print a broker's metrics over JMX, e.g. consumer lag: "
        + "--object-name 'kafka.coordinator.group:type=ConsumerLag,*'.")
public final class MetricsCommand implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error: ", context -> new MetricsCommand(context.out()));

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--jmx-url", paramLabel = "<String: service-url>",
        defaultValue = "service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi",
        description = "The JMX service URL of the broker (its port is the JMX_PORT it was started with). "
            + "Default: ${DEFAULT-VALUE}")
    String jmxUrl;
    @Option(names = "--object-name", paramLabel = "<String: name>", description = "An object name pattern "
        + "(repeatable), e.g. kafka.server:type=BrokerTopicMetrics,*. Default: every kafka.* bean.")
    List<String> objectNames = new ArrayList<>();
    @Option(names = "--attributes", paramLabel = "<String: name>", split = ",", description = "Only these "
        + "attributes, comma-separated (e.g. Value,Count,OneMinuteRate). Default: all of them.")
    Set<String> attributes;

    @Mixin
    VerboseOption verbose;

    private final PrintStream out;

    private MetricsCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws IOException, JMException {
        List<ObjectName> patterns = new ArrayList<>();
        for (String name : objectNames.isEmpty() ? List.of("kafka.*:*") : objectNames) {
            try {
                patterns.add(new ObjectName(name));
            } catch (MalformedObjectNameException e) {
                throw new IllegalArgumentException("--object-name " + name + " is not a JMX object name: "
                    + e.getMessage(), e);
            }
        }
        JMXServiceURL url;
        try {
            url = new JMXServiceURL(jmxUrl);
        } catch (IOException e) {
            throw new IllegalArgumentException("--jmx-url " + jmxUrl + " is not a JMX service URL", e);
        }
        try (JMXConnector connector = connect(url)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            List<ObjectName> beans = new ArrayList<>();
            for (ObjectName pattern : patterns) {
                server.queryNames(pattern, null).stream().filter(n -> !beans.contains(n)).forEach(beans::add);
            }
            beans.sort(Comparator.comparing(ObjectName::toString));
            for (ObjectName bean : beans) {
                print(server, bean);
            }
        }
        return ToolRunner.OK;
    }

    private JMXConnector connect(JMXServiceURL url) {
        try {
            return JMXConnectorFactory.connect(url);
        } catch (IOException e) {
            // RMI nests its causes in a multi-line message; the innermost one says what happened
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException("Cannot connect to " + jmxUrl + " (was the broker started with "
                + "JMX_PORT?): " + root, e);
        }
    }

    private void print(MBeanServerConnection server, ObjectName bean) throws IOException, JMException {
        List<String> names = new ArrayList<>();
        for (MBeanAttributeInfo info : server.getMBeanInfo(bean).getAttributes()) {
            if (info.isReadable() && (attributes == null || attributes.contains(info.getName()))) {
                names.add(info.getName());
            }
        }
        AttributeList values = server.getAttributes(bean, names.toArray(String[]::new));
        values.asList().forEach(a -> out.println(bean + " " + a.getName() + "=" + a.getValue()));
    }
}
