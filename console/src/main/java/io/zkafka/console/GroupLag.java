package io.zkafka.console;

import static io.zkafka.console.ClusterClients.await;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.common.TopicPartition;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** A group's committed offset, the log end offset and the lag of every partition it has committed. */
record GroupLag(Map<TopicPartition, long[]> partitions) {
    static final Comparator<TopicPartition> ORDER =
        Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    static GroupLag of(Admin admin, String groupId) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            await(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        Map<TopicPartition, long[]> rows = new TreeMap<>(ORDER);
        if (committed.isEmpty()) {
            return new GroupLag(rows);
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends = await(admin.listOffsets(latest).all());
        committed.forEach((tp, offset) -> {
            ListOffsetsResultInfo end = ends.get(tp);
            if (offset != null && end != null) {
                rows.put(tp, new long[] {offset.offset(), end.offset(), Math.max(0, end.offset() - offset.offset())});
            }
        });
        return new GroupLag(rows);
    }

    long total() {
        return partitions.values().stream().mapToLong(r -> r[2]).sum();
    }
}
