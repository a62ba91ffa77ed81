package io.zkafka.console;

import static io.zkafka.console.ClusterClients.await;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.Config;
import io.zkafka.clients.admin.ConfigEntry;
import io.zkafka.clients.admin.ConfigResource;
import io.zkafka.clients.admin.DescribeClusterResult;
import io.zkafka.clients.admin.ListTopicsOptions;
import io.zkafka.clients.admin.TopicDescription;
import io.zkafka.clients.admin.TopicPartitionInfo;
import io.zkafka.common.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The cluster page: brokers, the controller, and the partitions that need attention. */
final class ClusterPage {
    private final Admin admin;

    ClusterPage(ClusterClients clients) {
        this.admin = clients.admin();
    }

    String page() {
        return Layout.page("Cluster", "Cluster", "<h1>Cluster</h1>"
            + "<div id=\"cluster\" hx-get=\"/fragments/cluster\" hx-trigger=\"every 5s\">" + fragment() + "</div>");
    }

    /** The body, refreshed by htmx every five seconds. */
    String fragment() {
        DescribeClusterResult cluster = admin.describeCluster();
        List<Node> nodes = new ArrayList<>(await(cluster.nodes()));
        nodes.sort(Comparator.comparingInt(Node::id));
        Node controller = await(cluster.controller());
        Html h = new Html();
        h.raw("<p>Cluster id <code>").text(await(cluster.clusterId())).raw("</code> · ")
            .text(nodes.size()).raw(" brokers · controller: <strong id=\"controller\">")
            .text(controller == null || controller.isEmpty() ? "none" : "broker " + controller.id())
            .raw("</strong></p>");
        h.h(2, "Brokers").tableStart("brokers", "Id", "Host", "Port", "Rack", "Role");
        for (Node n : nodes) {
            h.rowHtml(List.of(Html.link("/brokers/" + n.id(), n.id()), Html.esc(n.host()), Html.esc(n.port()),
                Html.esc(n.hasRack() ? n.rack() : "-"),
                controller != null && controller.id() == n.id() ? "controller" : "broker"));
        }
        h.tableEnd();

        Set<String> names = await(admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
        Map<String, TopicDescription> topics = names.isEmpty() ? Map.of() : await(admin.describeTopics(names).allTopicNames());
        List<String[]> offline = new ArrayList<>();
        List<String[]> underReplicated = new ArrayList<>();
        List<String[]> underMinIsr = new ArrayList<>();
        int partitions = 0;
        for (TopicDescription t : topics.values()) {
            int minIsr = -1;
            for (TopicPartitionInfo p : t.partitions()) {
                partitions++;
                String[] row = {t.name(), String.valueOf(p.partition()), leader(p), ids(p.replicas()), ids(p.isr())};
                if (p.leader() == null || p.leader().isEmpty()) {
                    offline.add(row);
                }
                if (p.isr().size() < p.replicas().size()) {
                    underReplicated.add(row);
                    if (minIsr < 0) {
                        minIsr = minInsyncReplicas(t.name());
                    }
                    if (p.isr().size() < minIsr) {
                        underMinIsr.add(row);
                    }
                }
            }
        }
        h.raw("<p id=\"partition-health\">").text(topics.size()).raw(" topics, ").text(partitions)
            .raw(" partitions: <span class=\"" + (offline.isEmpty() ? "ok" : "bad") + "\">").text(offline.size())
            .raw(" offline</span>, <span class=\"" + (underReplicated.isEmpty() ? "ok" : "warn") + "\">")
            .text(underReplicated.size()).raw(" under-replicated</span>, <span class=\""
                + (underMinIsr.isEmpty() ? "ok" : "bad") + "\">").text(underMinIsr.size())
            .raw(" under min ISR</span></p>");
        section(h, "Offline partitions", "offline", offline);
        section(h, "Under-replicated partitions", "under-replicated", underReplicated);
        section(h, "Partitions under min ISR", "under-min-isr", underMinIsr);
        return h.toString();
    }

    private int minInsyncReplicas(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = await(admin.describeConfigs(List.of(resource)).all()).get(resource);
        ConfigEntry entry = config == null ? null : config.get("min.insync.replicas");
        return entry == null || entry.value() == null ? 1 : Integer.parseInt(entry.value());
    }

    private static void section(Html h, String title, String id, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        h.h(2, title).tableStart(id, "Topic", "Partition", "Leader", "Replicas", "ISR");
        for (String[] r : rows) {
            h.rowHtml(List.of(Html.link("/topics/" + r[0], r[0]), Html.esc(r[1]), Html.esc(r[2]), Html.esc(r[3]),
                Html.esc(r[4])));
        }
        h.tableEnd();
    }

    static String leader(TopicPartitionInfo p) {
        return p.leader() == null || p.leader().isEmpty() ? "none" : String.valueOf(p.leader().id());
    }

    static String ids(List<Node> nodes) {
        return nodes.stream().map(n -> String.valueOf(n.id())).collect(Collectors.joining(","));
    }
}
