package io.zkafka.clients.admin;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import java.util.Map;

/**
 * One log dir of a broker: {@code error} is NONE, or KAFKA_STORAGE_ERROR when the dir is offline
 * (then it lists no replicas); its total and usable bytes (-1 when unknown) and the replicas it holds.
 */
public record LogDirDescription(Errors error, long totalBytes, long usableBytes,
                                Map<TopicPartition, ReplicaInfo> replicaInfos) {

    /** A replica in a log dir: its bytes on disk and how far its log end is behind its high watermark. */
    public record ReplicaInfo(long size, long offsetLag) {
    }
}
