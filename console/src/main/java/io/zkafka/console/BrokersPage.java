package io.zkafka.console;

import static io.zkafka.console.ClusterClients.await;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AlterConfigOp;
import io.zkafka.clients.admin.Config;
import io.zkafka.clients.admin.ConfigEntry;
import io.zkafka.clients.admin.ConfigResource;
import io.zkafka.clients.admin.LogDirDescription;
import io.zkafka.common.Node;
import io.zkafka.common.errors.ApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Brokers: each one's log dirs with their size and free space, throughput and request-rate charts,
 * its configs with their sources, and the dynamic broker configs (one broker's or cluster-wide) set and removed.
 */
final class BrokersPage {
    private static final long APPLY_WAIT_MS = 5_000;

    private final Admin admin;
    private final RequestRateSampler requests;

    BrokersPage(ClusterClients clients, RequestRateSampler requests) {
        this.admin = clients.admin();
        this.requests = requests;
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
        h.h(2, "Requests per second");
        for (Node n : nodes) {
            requestRates(h, n.id());
        }
        return h.raw("<p class=\"hint\">Per API, the busiest over the hour by name and the rest as \"other\", from")
            .raw(" each broker's Prometheus endpoint (<code>metrics.prometheus.port</code>), sampled by this console")
            .raw(" since it started.</p>").toString();
    }

    private void requestRates(Html h, int id) {
        RequestRateSampler.Status status = requests.status(id);
        h.raw("<h3>").text("Broker " + id).raw("</h3>");
        if (status == null) {
            h.raw("<p class=\"hint\" id=\"requests-" + id + "-pending\">").text("Not sampled yet: reload in a few seconds.")
                .raw("</p>");
            return;
        }
        if (status.endpoint() == null) {
            h.raw("<p class=\"warn no-metrics\" id=\"requests-" + id + "-none\">")
                .text("No request rates for broker " + id + ": " + status.problem() + ".").raw("</p>");
            return;
        }
        h.raw("<div id=\"requests-" + id + "-chart\" class=\"chart broker-chart request-chart\"")
            .raw(" data-url=\"/brokers/" + id + "/requests.json\" data-unit=\"requests/s\"></div>")
            .raw("<p class=\"hint\">From ").text(status.endpoint());
        if (status.problem() != null) {
            h.raw(" <span class=\"warn\">").text("(" + status.problem() + ")").raw("</span>");
        }
        h.raw("</p>");
    }

    String broker(int id) {
        return broker(id, null, null);
    }

    private String broker(int id, String notice, String error) {
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
        Config config = describe(resource(id, false));
        Config clusterWide = describe(resource(id, true));
        // the keys that can change first: what this page edits
        List<ConfigEntry> entries = config.entries().stream().sorted(Comparator.comparing(ConfigEntry::isReadOnly)
            .thenComparing(ConfigEntry::name)).toList();
        String base = "/brokers/" + id + "/configs";
        h.h(2, "Configs");
        h.raw("<form id=\"broker-config\" hx-post=\"" + base + "\" hx-target=\"main\" class=\"inline\">")
            .raw("<label>Key <input name=\"key\" list=\"dynamic-keys\" required></label>")
            .raw("<label>Value <input name=\"value\" placeholder=\"empty: remove the dynamic value\"></label>")
            .raw("<label>For <select name=\"scope\"><option value=\"broker\">").text("broker " + id + " only")
            .raw("</option><option value=\"cluster\">every broker (cluster-wide default)</option></select></label>")
            .raw("<button type=\"submit\">Set dynamic config</button></form><datalist id=\"dynamic-keys\">");
        entries.stream().filter(e -> !e.isReadOnly()).forEach(e -> h.raw("<option value=\"").text(e.name()).raw("\">"));
        h.raw("</datalist>").raw("<p class=\"hint\">Dynamic configs apply on the brokers at once, without a restart;")
            .raw(" a broker's own value wins over the cluster-wide one, which wins over server.properties.</p>");
        if (error != null) {
            h.error(error);
        }
        if (notice != null) {
            h.notice(notice);
        }
        h.h(3, "Cluster-wide dynamic configs");
        if (clusterWide.entries().isEmpty()) {
            h.raw("<p id=\"cluster-configs-none\">None.</p>");
        } else {
            h.tableStart("cluster-configs", "Key", "Value", "");
            clusterWide.entries().stream().sorted(Comparator.comparing(ConfigEntry::name)).forEach(e ->
                h.rowHtml(List.of(Html.esc(e.name()), Html.esc(e.value() == null ? "" : e.value()),
                    removeButton(base, e.name(), "cluster"))));
            h.tableEnd();
        }
        h.h(3, "Broker " + id + " configs in force").tableStart("broker-configs", "Key", "Value", "Source", "Dynamic", "");
        for (ConfigEntry e : entries) {
            h.rowHtml(List.of(Html.esc(e.name()), Html.esc(e.value() == null ? "" : e.value()),
                Html.esc(source(e.source(), id)), e.isReadOnly() ? "" : "yes",
                e.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG ? removeButton(base, e.name(), "broker") : ""));
        }
        return h.tableEnd().toString();
    }

    private static String removeButton(String base, String key, String scope) {
        return "<button class=\"remove-config\" hx-delete=\"" + Html.esc(base + "/" + key + "?scope=" + scope)
            + "\" hx-target=\"main\">Remove</button>";
    }

    static String source(ConfigEntry.ConfigSource source, int id) {
        return switch (source) {
            case DYNAMIC_BROKER_CONFIG -> "dynamic, broker " + id;
            case DYNAMIC_DEFAULT_BROKER_CONFIG -> "dynamic, cluster-wide";
            case STATIC_BROKER_CONFIG -> "server.properties";
            case DEFAULT_CONFIG -> "default";
            default -> source.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }

    /**
     * Sets {@code key} to {@code value} (an empty value removes it) in broker {@code id}'s dynamic
     * configs or, for the scope "cluster", in the cluster-wide ones; a refusal is shown with the broker's reason.
     */
    String setConfig(int id, String key, String value, String scope) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a config key is required");
        }
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return removeConfig(id, key, scope);
        }
        boolean clusterWide = clusterWide(scope);
        String k = key.trim();
        try {
            await(admin.incrementalAlterConfigs(Map.of(resource(id, clusterWide),
                List.of(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)))).all());
        } catch (ApiException e) {
            return broker(id, null, "Could not set " + k + ": " + e.getMessage());
        }
        // a broker's own value wins over a cluster-wide one: then there is nothing to wait for
        ConfigEntry.ConfigSource layer = clusterWide ? ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
            : ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG;
        boolean applied = awaitApplied(id, k, e -> e.source() == layer && v.equals(e.value())
            || clusterWide && e.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
        return broker(id, "Set " + k + " = " + v + (clusterWide ? " for every broker." : " for broker " + id + ".")
            + (applied ? "" : " Broker " + id + " has not applied it yet: reload to see it in force."), null);
    }

    /** Removes {@code key} from broker {@code id}'s dynamic configs, or the cluster-wide ones for the scope "cluster". */
    String removeConfig(int id, String key, String scope) {
        boolean clusterWide = clusterWide(scope);
        String k = key.trim();
        try {
            await(admin.incrementalAlterConfigs(Map.of(resource(id, clusterWide),
                List.of(new AlterConfigOp(new ConfigEntry(k, null), AlterConfigOp.OpType.DELETE)))).all());
        } catch (ApiException e) {
            return broker(id, null, "Could not remove " + k + ": " + e.getMessage());
        }
        ConfigEntry.ConfigSource removed = clusterWide ? ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
            : ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG;
        boolean applied = awaitApplied(id, k, e -> e.source() != removed);
        return broker(id, "Removed the " + (clusterWide ? "cluster-wide" : "broker " + id) + " value of " + k + "."
            + (applied ? "" : " Broker " + id + " has not applied it yet: reload to see it in force."), null);
    }

    private static boolean clusterWide(String scope) {
        if (scope == null || scope.equals("broker")) {
            return false;
        }
        if (scope.equals("cluster")) {
            return true;
        }
        throw new IllegalArgumentException("the scope is 'broker' or 'cluster', got '" + scope + "'");
    }

    /**
     * Waits (up to {@link #APPLY_WAIT_MS}) for broker {@code id} to show {@code key} as {@code applied} says:
     * a broker applies a change when its watch on ZooKeeper fires, just after the write returns.
     */
    private boolean awaitApplied(int id, String key, Predicate<ConfigEntry> applied) {
        long deadline = System.currentTimeMillis() + APPLY_WAIT_MS;
        while (true) {
            ConfigEntry e = describe(resource(id, false)).get(key);
            if (e == null || applied.test(e)) {
                return true;
            }
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private Config describe(ConfigResource resource) {
        return await(admin.describeConfigs(List.of(resource)).all()).get(resource);
    }

    private static ConfigResource resource(int id, boolean clusterWide) {
        return new ConfigResource(ConfigResource.Type.BROKER, clusterWide ? "" : String.valueOf(id));
    }
}
