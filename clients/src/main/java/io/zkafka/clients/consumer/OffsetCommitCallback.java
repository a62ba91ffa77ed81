package io.zkafka.clients.consumer;

import io.zkafka.common.TopicPartition;
import java.util.Map;

/** The outcome of {@code commitAsync}, called on the polling thread during a later poll or commit. */
@FunctionalInterface
public interface OffsetCommitCallback {
    void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception exception);
}
