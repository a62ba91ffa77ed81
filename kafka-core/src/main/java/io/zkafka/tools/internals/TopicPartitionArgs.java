package io.zkafka.tools.internals;

import io.zkafka.clients.admin.Admin;
import io.zkafka.common.TopicPartition;
import java.util.ArrayList;
import java.util.List;

/** The partitions {@code --topic} values name: {@code topic} (every partition) or {@code topic:0,1,2}. Stateless. */
final class TopicPartitionArgs {
    private TopicPartitionArgs() {
    }

    static List<TopicPartition> resolve(Admin admin, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String spec : topics) {
            int colon = spec.indexOf(':');
            String topic = colon < 0 ? spec : spec.substring(0, colon);
            if (topic.isEmpty()) {
                throw new ToolException("--topic '" + spec + "' names no topic");
            }
            if (colon < 0) {
                ConsumerGroupService.await(admin.describeTopics(List.of(topic)).all(), "describing topic " + topic)
                    .get(topic).partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                continue;
            }
            for (String p : spec.substring(colon + 1).split(",")) {
                try {
                    partitions.add(new TopicPartition(topic, Integer.parseInt(p.trim())));
                } catch (NumberFormatException e) {
                    throw new ToolException("--topic '" + spec + "': '" + p + "' is not a partition number");
                }
            }
        }
        return partitions;
    }
}
