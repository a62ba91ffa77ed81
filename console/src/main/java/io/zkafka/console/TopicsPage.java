package io.zkafka.console;

import static io.zkafka.console.ClusterClients.await;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AlterConfigOp;
import io.zkafka.clients.admin.Config;
import io.zkafka.clients.admin.ConfigEntry;
import io.zkafka.clients.admin.ConfigResource;
import io.zkafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import io.zkafka.clients.admin.LogDirDescription;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.clients.admin.TopicDescription;
import io.zkafka.clients.admin.TopicPartitionInfo;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The topics list (sizes, create, delete) and one topic's partitions and configs. */
final class TopicsPage {
    private final Admin admin;

    TopicsPage(ClusterClients clients) {
        this.admin = clients.admin();
    }

    String list(String notice) {
        Html h = new Html();
        h.h(1, "Topics");
        h.raw("<form id=\"create-topic\" hx-post=\"/topics\" hx-target=\"main\" class=\"inline\">")
            .raw("<label>Name <input name=\"name\" required pattern=\"[\\w.\\-]+\"></label>")
            .raw("<label>Partitions <input name=\"partitions\" type=\"number\" min=\"1\" value=\"3\"></label>")
            .raw("<label>Replication factor <input name=\"replicationFactor\" type=\"number\" min=\"1\" value=\"1\"></label>")
            .raw("<button type=\"submit\">Create topic</button></form>");
        if (notice != null) {
            h.notice(notice);
        }
        Map<String, TopicDescription> topics = describeAll();
        Map<TopicPartition, Long> sizes = leaderSizes();
        Map<TopicPartition, long[]> offsets = offsets(topics.values());
        h.tableStart("topics", "Topic", "Partitions", "Replication", "Messages", "Size (leaders)", "");
        for (TopicDescription t : new TreeMap<>(topics).values()) {
            long messages = 0;
            long bytes = 0;
            for (TopicPartitionInfo p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                long[] range = offsets.get(tp);
                messages += range == null ? 0 : range[1] - range[0];
                bytes += sizes.getOrDefault(tp, 0L);
            }
            int rf = t.partitions().isEmpty() ? 0 : t.partitions().get(0).replicas().size();
            String delete = t.isInternal() ? "" : "<button class=\"danger\" hx-delete=\"/topics/" + Html.esc(t.name())
                + "\" hx-target=\"main\" hx-confirm=\"Delete topic " + Html.esc(t.name()) + " and all its messages?\">Delete</button>";
            h.rowHtml(List.of(Html.link("/topics/" + t.name(), t.name()), Html.esc(t.partitions().size()),
                Html.esc(rf), Html.esc(messages), Html.esc(humanBytes(bytes)),
                Html.link("/topics/" + t.name() + "/messages", "Messages") + " " + delete));
        }
        return h.tableEnd().toString();
    }

    String create(String name, String partitions, String replicationFactor) {
        if (name == null || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
            return new Html().error("A topic name is 1 to 249 letters, digits, '.', '_' or '-'; got '" + name + "'")
                + list(null);
        }
        int count = positive("partitions", partitions);
        short rf = (short) positive("replication factor", replicationFactor);
        await(admin.createTopics(List.of(new NewTopic(name, count, rf))).all());
        return list("Created topic " + name + " with " + count + " partitions.");
    }

    String delete(String name) {
        await(admin.deleteTopics(List.of(name)).all());
        return list("Deleted topic " + name + ".");
    }

    String topic(String name, String notice) {
        TopicDescription t = await(admin.describeTopics(List.of(name)).allTopicNames()).get(name);
        Map<TopicPartition, long[]> offsets = offsets(List.of(t));
        Map<TopicPartition, Long> sizes = leaderSizes();
        Html h = new Html();
        h.h(1, "Topic " + name).raw("<p>").raw(Html.link("/topics/" + name + "/messages", "Browse and produce messages"))
            .raw("</p>");
        if (notice != null) {
            h.notice(notice);
        }
        h.h(2, "Partitions").tableStart("partitions", "Partition", "Leader", "Replicas", "ISR", "Start offset",
            "End offset", "Size");
        for (TopicPartitionInfo p : t.partitions()) {
            TopicPartition tp = new TopicPartition(name, p.partition());
            long[] range = offsets.getOrDefault(tp, new long[] {-1, -1});
            h.row(p.partition(), ClusterPage.leader(p), ClusterPage.ids(p.replicas()), ClusterPage.ids(p.isr()),
                range[0], range[1], humanBytes(sizes.getOrDefault(tp, 0L)));
        }
        h.tableEnd();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config config = await(admin.describeConfigs(List.of(resource)).all()).get(resource);
        h.h(2, "Configs");
        h.raw("<form id=\"edit-config\" hx-post=\"/topics/" + Html.esc(name) + "/configs\" hx-target=\"main\" class=\"inline\">")
            .raw("<label>Key <input name=\"key\" list=\"config-keys\" required></label>")
            .raw("<label>Value <input name=\"value\" placeholder=\"empty: back to the default\"></label>")
            .raw("<button type=\"submit\">Set config</button></form><datalist id=\"config-keys\">");
        for (ConfigEntry e : config.entries()) {
            h.raw("<option value=\"").text(e.name()).raw("\">");
        }
        h.raw("</datalist>").tableStart("configs", "Key", "Value", "Source");
        for (ConfigEntry e : config.entries()) {
            h.row(e.name(), e.value() == null ? "" : e.value(), e.isDefault() ? "default" : "topic override");
        }
        return h.tableEnd().toString();
    }

    /** Sets (or, with an empty value, removes) one topic config override. */
    String setConfig(String topic, String key, String value) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a config key is required");
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        boolean delete = value == null || value.isEmpty();
        AlterConfigOp op = new AlterConfigOp(new ConfigEntry(key.trim(), delete ? null : value),
            delete ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET);
        await(admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all());
        return topic(topic, delete ? "Removed the override of " + key + "." : "Set " + key + " = " + value + ".");
    }

    private Map<String, TopicDescription> describeAll() {
        var names = await(admin.listTopics().names());
        return names.isEmpty() ? Map.of() : await(admin.describeTopics(names).allTopicNames());
    }

    /** Start and end offset of every partition of the topics. */
    Map<TopicPartition, long[]> offsets(Iterable<TopicDescription> topics) {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription t : topics) {
            for (TopicPartitionInfo p : t.partitions()) {
                if (p.leader() != null && !p.leader().isEmpty()) {
                    TopicPartition tp = new TopicPartition(t.name(), p.partition());
                    earliest.put(tp, OffsetSpec.earliest());
                    latest.put(tp, OffsetSpec.latest());
                }
            }
        }
        Map<TopicPartition, long[]> result = new HashMap<>();
        if (earliest.isEmpty()) {
            return result;
        }
        Map<TopicPartition, ListOffsetsResultInfo> starts = await(admin.listOffsets(earliest).all());
        Map<TopicPartition, ListOffsetsResultInfo> ends = await(admin.listOffsets(latest).all());
        starts.forEach((tp, s) -> result.put(tp, new long[] {s.offset(), ends.get(tp).offset()}));
        return result;
    }

    /** Bytes on disk of each partition's leader replica (describeLogDirs of every broker). */
    private Map<TopicPartition, Long> leaderSizes() {
        List<Integer> brokers = new ArrayList<>();
        for (Node n : await(admin.describeCluster().nodes())) {
            brokers.add(n.id());
        }
        Map<TopicPartition, Long> sizes = new HashMap<>();
        var dirs = admin.describeLogDirs(brokers).descriptions();
        for (var perBroker : dirs.values()) {
            for (LogDirDescription dir : await(perBroker).values()) {
                dir.replicaInfos().forEach((tp, info) -> sizes.merge(tp, info.size(), Math::max));
            }
        }
        return sizes;
    }

    static int positive(String what, String text) {
        try {
            int n = Integer.parseInt(text == null ? "" : text.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a positive whole number, got '" + text + "'");
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
