package io.zkafka.console;

import static io.zkafka.console.ClusterClients.await;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.ConsumerGroupDescription;
import io.zkafka.clients.admin.ConsumerGroupListing;
import io.zkafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import io.zkafka.clients.admin.MemberDescription;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.clients.admin.TopicDescription;
import io.zkafka.clients.admin.TopicPartitionInfo;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.common.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Consumer groups: the list, one group's members, lag and lag chart, offset resets with a preview, delete. */
final class GroupsPage {
    private final Admin admin;
    private final LagSampler sampler;

    GroupsPage(ClusterClients clients, LagSampler sampler) {
        this.admin = clients.admin();
        this.sampler = sampler;
    }

    String list(String notice) {
        Html h = new Html();
        h.h(1, "Consumer groups");
        if (notice != null) {
            h.notice(notice);
        }
        List<ConsumerGroupListing> groups = new ArrayList<>(await(admin.listConsumerGroups().all()));
        groups.sort(Comparator.comparing(ConsumerGroupListing::groupId));
        if (groups.isEmpty()) {
            return h.raw("<p>No consumer groups yet.</p>").toString();
        }
        Map<String, ConsumerGroupDescription> described =
            await(admin.describeConsumerGroups(groups.stream().map(ConsumerGroupListing::groupId).toList()).all());
        h.tableStart("groups", "Group", "State", "Members", "Total lag");
        for (ConsumerGroupListing g : groups) {
            ConsumerGroupDescription d = described.get(g.groupId());
            h.rowHtml(List.of(Html.link("/groups/" + g.groupId(), g.groupId()), Html.esc(d == null ? "?" : d.state()),
                Html.esc(d == null ? 0 : d.members().size()), Html.esc(GroupLag.of(admin, g.groupId()).total())));
        }
        return h.tableEnd().toString();
    }

    String group(String groupId) {
        ConsumerGroupDescription d = await(admin.describeConsumerGroups(List.of(groupId)).all()).get(groupId);
        Html h = new Html();
        h.h(1, "Consumer group " + groupId);
        h.raw("<p>State <strong id=\"group-state\">").text(d.state()).raw("</strong>")
            .text(d.coordinator() == null ? "" : " · coordinator broker " + d.coordinator().id())
            .text(d.partitionAssignor() == null || d.partitionAssignor().isEmpty() ? "" : " · assignor " + d.partitionAssignor())
            .raw(" <button class=\"danger\" hx-delete=\"/groups/" + Html.esc(groupId) + "\" hx-target=\"main\"")
            .raw(" hx-confirm=\"Delete group " + Html.esc(groupId) + " and its committed offsets?\">Delete group</button></p>");
        h.h(2, "Members").tableStart("members", "Member", "Client id", "Host", "Assigned partitions");
        for (MemberDescription m : d.members()) {
            String assigned = m.assignment().topicPartitions().stream().sorted(GroupLag.ORDER)
                .map(tp -> tp.topic() + "-" + tp.partition()).collect(Collectors.joining(", "));
            h.row(m.consumerId(), m.clientId(), m.host(), assigned);
        }
        h.tableEnd();
        h.h(2, "Lag").raw("<div id=\"lag\" hx-get=\"/groups/" + Html.esc(groupId) + "/lag\" hx-trigger=\"every 5s\">")
            .raw(lag(groupId)).raw("</div>");
        h.h(2, "Total lag over the last hour")
            .raw("<div id=\"lag-chart\" class=\"chart\" data-url=\"/groups/" + Html.esc(groupId) + "/lag.json\"></div>")
            .raw("<p class=\"hint\">Sampled by this console since it started.</p>");
        h.h(2, "Reset offsets").raw("<p class=\"hint\">Only while the group has no members (state Empty).</p>")
            .raw("<form id=\"reset\" hx-post=\"/groups/" + Html.esc(groupId) + "/reset-preview\" hx-target=\"#reset-result\">")
            .raw("<label>Topic <select name=\"topic\">");
        for (String topic : new java.util.TreeSet<>(GroupLag.of(admin, groupId).partitions().keySet().stream()
            .map(TopicPartition::topic).toList())) {
            h.raw("<option>").text(topic).raw("</option>");
        }
        h.raw("</select></label><label>To <select name=\"strategy\">")
            .raw("<option value=\"earliest\">the earliest offset</option><option value=\"latest\">the latest offset</option>")
            .raw("<option value=\"offset\">an offset</option><option value=\"shift\">shifted by</option>")
            .raw("<option value=\"time\">a time (UTC)</option></select></label>")
            .raw("<label>Offset or shift <input name=\"amount\" type=\"number\" value=\"0\"></label>")
            .raw("<label>Time (UTC) <input name=\"time\" type=\"datetime-local\" step=\"1\"></label>")
            .raw("<button type=\"submit\">Preview reset</button></form><div id=\"reset-result\"></div>");
        return h.toString();
    }

    String lag(String groupId) {
        GroupLag lag = GroupLag.of(admin, groupId);
        Html h = new Html();
        h.raw("<p>Total lag <strong id=\"total-lag\">").text(lag.total()).raw("</strong></p>");
        h.tableStart("lag-table", "Topic", "Partition", "Committed offset", "End offset", "Lag");
        lag.partitions().forEach((tp, r) -> h.row(tp.topic(), tp.partition(), r[0], r[1], r[2]));
        return h.tableEnd().toString();
    }

    String lagJson(String groupId) {
        return sampler.json(groupId);
    }

    /** The offsets a reset would commit, with a button that commits them. */
    String previewReset(String groupId, Function<String, String> param) {
        Map<TopicPartition, Long> target = resetTargets(groupId, param);
        Map<TopicPartition, long[]> current = GroupLag.of(admin, groupId).partitions();
        Html h = new Html();
        h.tableStart("reset-preview", "Topic", "Partition", "Committed offset now", "After the reset");
        target.forEach((tp, offset) -> {
            long[] now = current.get(tp);
            h.row(tp.topic(), tp.partition(), now == null ? "-" : now[0], offset);
        });
        h.tableEnd();
        h.raw("<form id=\"reset-apply\" hx-post=\"/groups/" + Html.esc(groupId) + "/reset\" hx-target=\"#reset-result\">");
        for (String name : List.of("topic", "strategy", "amount", "time")) {
            String value = param.apply(name);
            h.raw("<input type=\"hidden\" name=\"" + name + "\" value=\"").text(value == null ? "" : value).raw("\">");
        }
        return h.raw("<button type=\"submit\" class=\"danger\">Apply this reset</button></form>").toString();
    }

    String reset(String groupId, Function<String, String> param) {
        Map<TopicPartition, Long> target = resetTargets(groupId, param);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        target.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
        await(admin.alterConsumerGroupOffsets(groupId, offsets).all());
        return new Html().notice("Reset " + offsets.size() + " partitions of " + param.apply("topic")
            + " for group " + groupId + ".").toString();
    }

    String delete(String groupId) {
        await(admin.deleteConsumerGroups(List.of(groupId)).all());
        return list("Deleted group " + groupId + ".");
    }

    private Map<TopicPartition, Long> resetTargets(String groupId, Function<String, String> param) {
        String topic = param.apply("topic");
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("choose a topic to reset");
        }
        TopicDescription t = await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        List<TopicPartition> tps = t.partitions().stream().map(TopicPartitionInfo::partition)
            .map(p -> new TopicPartition(topic, p)).toList();
        Map<TopicPartition, Long> earliest = offsets(tps, OffsetSpec.earliest());
        Map<TopicPartition, Long> latest = offsets(tps, OffsetSpec.latest());
        String strategy = param.apply("strategy") == null ? "" : param.apply("strategy");
        Map<TopicPartition, Long> target = new TreeMap<>(GroupLag.ORDER);
        switch (strategy) {
            case "earliest" -> target.putAll(earliest);
            case "latest" -> target.putAll(latest);
            case "offset" -> {
                long offset = MessagesPage.nonNegative("offset", param.apply("amount"));
                tps.forEach(tp -> target.put(tp, clamp(offset, earliest.get(tp), latest.get(tp))));
            }
            case "shift" -> {
                long shift = parseLong("shift", param.apply("amount"));
                Map<TopicPartition, long[]> current = GroupLag.of(admin, groupId).partitions();
                tps.forEach(tp -> {
                    long[] now = current.get(tp);
                    long from = now == null ? latest.get(tp) : now[0];
                    target.put(tp, clamp(from + shift, earliest.get(tp), latest.get(tp)));
                });
            }
            case "time" -> {
                Map<TopicPartition, Long> at = offsets(tps,
                    OffsetSpec.forTimestamp(MessagesPage.utcMillis("time", param.apply("time"))));
                tps.forEach(tp -> target.put(tp, at.get(tp) < 0 ? latest.get(tp) : at.get(tp)));
            }
            default -> throw new IllegalArgumentException(
                "reset to earliest, latest, offset, shift or time, got '" + strategy + "'");
        }
        return target;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> tps, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        tps.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> result = await(admin.listOffsets(request).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }

    private static long parseLong(String what, String text) {
        try {
            return Long.parseLong(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, got '" + text + "'");
        }
    }
}
