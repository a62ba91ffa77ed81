package io.zkafka.tools;

import io.zkafka.coordination.ZnodeBrowser;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code zookeeper-shell.sh host:port[/chroot] [command]}: the read-only part of ZooKeeper's shell
 * that Kafka ships, over {@link ZnodeBrowser} (the coordination module owns ZooKeeper access):
 * {@code ls [-s] path} ({@code [a, b]}), {@code get path} (the data as UTF-8) and {@code stat path}
 * (ZooKeeper's {@code cZxid = 0x...} lines), {@code getAcl path} (ZooKeeper's {@code 'sasl,'kafka} and
 * {@code : cdrwa} lines). {@code -zk-tls-config-file} (Kafka's flag) connects over TLS with the
 * {@code zookeeper.ssl.*} keys of a properties file; a JAAS file ({@code ZKAFKA_JAAS_CONFIG}) makes it
 * authenticate with SASL. With a command it runs that one and exits 1 if the
 * znode does not exist; without one it runs the commands read from stdin, a line each, as Kafka's
 * shell does when fed a script. It prints {@code Connecting to ...} first, as Kafka's does (without
 * ZooKeeper's watcher lines). Writes (create, set, delete) are refused: change the cluster through
 * the Kafka tools instead. Confined to the thread that runs it.
 */
@Command(name = "zookeeper-shell.sh", usageHelpAutoWidth = true,
    description = "Reads znodes: ls [-s] path, get path, stat path, getAcl path. Without a command, reads commands from stdin.")
public final class ZooKeeperShell implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("", context -> new ZooKeeperShell(context))
        .withHelpWithoutArguments();

    private static final int CONNECT_TIMEOUT_MS = 15_000;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print usage information.")
    boolean help;
    @Parameters(index = "0", paramLabel = "zookeeper_host:port[/path]", description = "The ZooKeeper connect string.")
    String connect;
    @Parameters(index = "1..*", paramLabel = "args", description = "One command: ls [-s] path | get path | stat path | getAcl path")
    List<String> command = new ArrayList<>();
    @Option(names = "-s", description = "With ls: print the znode's stat after its children.")
    boolean withStat;
    @Option(names = {"-zk-tls-config-file", "--zk-tls-config-file"}, paramLabel = "file",
        description = "Properties with zookeeper.ssl.client.enable=true and the other zookeeper.ssl.* keys (as a "
            + "broker's), to connect over TLS.")
    Path tlsConfigFile;

    private final ToolRunner.ToolContext context;

    private ZooKeeperShell(ToolRunner.ToolContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws IOException {
        PrintStream out = context.out();
        out.println("Connecting to " + connect);
        try (ZnodeBrowser browser = ZnodeBrowser.connect(connect, CONNECT_TIMEOUT_MS, tlsSettings())) {
            if (!command.isEmpty()) {
                return run(browser, command, withStat) ? ToolRunner.OK : ToolRunner.FAILED;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                List<String> words = new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
                if (words.get(0).isEmpty()) {
                    continue;
                }
                boolean stat = words.remove("-s");
                try {
                    run(browser, words, stat);
                } catch (ToolException e) {
                    context.err().println(e.getMessage());
                }
            }
        }
        return ToolRunner.OK;
    }

    /** The TLS keys of {@code -zk-tls-config-file}, or none. */
    private Map<String, String> tlsSettings() throws IOException {
        if (tlsConfigFile == null) {
            return Map.of();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(tlsConfigFile, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            throw new ToolException("No such file: " + tlsConfigFile);
        }
        Map<String, String> settings = new HashMap<>();
        props.stringPropertyNames().forEach(key -> settings.put(key, props.getProperty(key)));
        return settings;
    }

    /** Runs one command; false when its znode does not exist. */
    private boolean run(ZnodeBrowser browser, List<String> words, boolean stat) {
        String name = words.get(0);
        if (words.size() != 2) {
            throw new ToolException(usageOf(name));
        }
        String path = words.get(1);
        PrintStream out = context.out();
        switch (name) {
            case "ls" -> {
                Optional<List<String>> children = browser.children(path);
                children.ifPresent(c -> out.println("[" + String.join(", ", c) + "]"));
                if (children.isPresent() && stat) {
                    browser.stat(path).ifPresent(s -> printStat(out, s));
                }
                return found(children, path);
            }
            case "get" -> {
                Optional<byte[]> data = browser.data(path);
                data.ifPresent(d -> out.println(new String(d, StandardCharsets.UTF_8)));
                return found(data, path);
            }
            case "stat" -> {
                Optional<ZnodeBrowser.ZnodeStat> znode = browser.stat(path);
                znode.ifPresent(s -> printStat(out, s));
                return found(znode, path);
            }
            case "getAcl" -> {
                Optional<List<String>> acl = browser.acl(path);
                acl.ifPresent(entries -> entries.forEach(entry -> printAclEntry(out, entry)));
                return found(acl, path);
            }
            default -> throw new ToolException(usageOf(name));
        }
    }

    private boolean found(Optional<?> result, String path) {
        if (result.isEmpty()) {
            context.err().println("Node does not exist: " + path);
        }
        return result.isPresent();
    }

    private static String usageOf(String name) {
        return switch (name) {
            case "ls" -> "ls [-s] path";
            case "get" -> "get path";
            case "stat" -> "stat path";
            case "getAcl" -> "getAcl path";
            default -> "Command not supported: " + name + " (this shell reads znodes: ls [-s] path, get path, "
                + "stat path, getAcl path)";
        };
    }

    /** ZooKeeper's shell prints an ACL entry {@code scheme:id:perms} as {@code 'scheme,'id} then {@code : perms}. */
    private static void printAclEntry(PrintStream out, String entry) {
        int first = entry.indexOf(':');
        int last = entry.lastIndexOf(':');
        out.println("'" + entry.substring(0, first) + ",'" + entry.substring(first + 1, last));
        out.println(": " + entry.substring(last + 1));
    }

    /** ZooKeeper's StatPrinter lines. */
    private static void printStat(PrintStream out, ZnodeBrowser.ZnodeStat s) {
        out.println("cZxid = 0x" + Long.toHexString(s.czxid()));
        out.println("ctime = " + new Date(s.ctime()));
        out.println("mZxid = 0x" + Long.toHexString(s.mzxid()));
        out.println("mtime = " + new Date(s.mtime()));
        out.println("pZxid = 0x" + Long.toHexString(s.pzxid()));
        out.println("cversion = " + s.cversion());
        out.println("dataVersion = " + s.version());
        out.println("aclVersion = " + s.aversion());
        out.println("ephemeralOwner = 0x" + Long.toHexString(s.ephemeralOwner()));
        out.println("dataLength = " + s.dataLength());
        out.println("numChildren = " + s.numChildren());
    }
}
