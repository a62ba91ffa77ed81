package io.zkafka.console;

import static io.zkafka.console.ClusterClients.await;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.Config;
import io.zkafka.clients.admin.ConfigEntry;
import io.zkafka.clients.admin.ConfigResource;
import io.zkafka.clients.admin.LogDirDescription;
import io.zkafka.common.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Brokers: each one's log dirs with their size and free space, and its configs. */
final class BrokersPage {
    private final Admin admin;

    BrokersPage(ClusterClients clients) {
        this.admin = clients.admin();
    }

    String list() {
        List<Node> nodes = new ArrayList<>(await(admin.describeCluster().nodes()));
        nodes.sort(Comparator.comparingInt(Node::id));
        Html h = new Html();
        h.h(1, "Brokers").tableStart("broker-list", "Broker", "Address", "Log dirs", "Replicas", "Data size", "Disk free");
        var dirs = admin.describeLogDirs(nodes.stream().map(Node::id).toList()).descriptions();
        for (Node n : nodes) {
            Map<String, LogDirDescription> mine = await(dirs.get(n.id()));
            long size = 0;
            long replicas = 0;
            long usable = 0;
            for (LogDirDescription d : mine.values()) {
                replicas += d.replicaInfos().size();
                size += d.replicaInfos().values().stream().mapToLong(LogDirDescription.ReplicaInfo::size).sum();
                usable += Math.max(0, d.usableBytes());
            }
            h.rowHtml(List.of(Html.link("/brokers/" + n.id(), n.id()), Html.esc(n.host() + ":" + n.port()),
                Html.esc(mine.size()), Html.esc(replicas), Html.esc(TopicsPage.humanBytes(size)),
                Html.esc(TopicsPage.humanBytes(usable))));
        }
        h.tableEnd();
        h.h(2, "Messages in per second").raw("<div id=\"messages-chart\" class=\"chart broker-chart\"")
            .raw(" data-url=\"/brokers/throughput.json?measure=messages\" data-unit=\"messages/s\"></div>")
            .h(2, "Bytes written per second").raw("<div id=\"bytes-chart\" class=\"chart broker-chart\"")
            .raw(" data-url=\"/brokers/throughput.json?measure=bytes\" data-unit=\"bytes/s\"></div>")
            .raw("<p class=\"hint\">Per leader broker, from the growth of end offsets and of the replicas' size on disk,")
            .raw(" sampled by this console since it started.</p>");
        return h.toString();
    }

    String broker(int id) {
        Html h = new Html();
        h.h(1, "Broker " + id).h(2, "Log dirs")
            .tableStart("log-dirs", "Path", "State", "Replicas", "Data size", "Disk total", "Disk free");
        Map<String, LogDirDescription> dirs = await(admin.describeLogDirs(List.of(id)).descriptions().get(id));
        new TreeMap<>(dirs).forEach((path, d) -> h.row(path, d.error() == null ? "online" : d.error().toString()
                .replace("NONE", "online"), d.replicaInfos().size(),
            TopicsPage.humanBytes(d.replicaInfos().values().stream().mapToLong(LogDirDescription.ReplicaInfo::size).sum()),
            d.totalBytes() < 0 ? "unknown" : TopicsPage.humanBytes(d.totalBytes()),
            d.usableBytes() < 0 ? "unknown" : TopicsPage.humanBytes(d.usableBytes())));
        h.tableEnd();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(id));
        Config config = await(admin.describeConfigs(List.of(resource)).all()).get(resource);
        h.h(2, "Configs").tableStart("broker-configs", "Key", "Value", "Source");
        config.entries().stream().sorted(Comparator.comparing(ConfigEntry::name)).forEach(e ->
            h.row(e.name(), e.value() == null ? "" : e.value(), e.isDefault() ? "default" : "set"));
        return h.tableEnd().toString();
    }
}
