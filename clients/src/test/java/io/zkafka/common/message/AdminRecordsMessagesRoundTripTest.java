package io.zkafka.common.message;

import static io.zkafka.common.message.MessageRoundTrip.request;
import static io.zkafka.common.message.MessageRoundTrip.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.ProtocolRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DeleteRecords and DescribeLogDirs under Kafka's api keys, AlterConfigs version 1 (APPEND,
 * SUBTRACT and the replace flag; version 0 carries no flag) and CreatePartitions version 1 (the new
 * partitions' replicas).
 */
class AdminRecordsMessagesRoundTripTest {
    private static final short V0 = 0;
    private static final short V1 = 1;

    @Test
    void shouldUseKafkasApiKeys() {
        assertEquals(21, ApiKeys.DELETE_RECORDS.id);
        assertEquals(35, ApiKeys.DESCRIBE_LOG_DIRS.id);
        assertTrue(ProtocolRegistry.isBound(ApiKeys.DELETE_RECORDS));
        assertTrue(ProtocolRegistry.isBound(ApiKeys.DESCRIBE_LOG_DIRS));
        assertEquals(1, ApiKeys.ALTER_CONFIGS.latestVersion);
    }

    @Test
    void shouldCarryDeleteRecords() {
        DeleteRecordsRequest ask = new DeleteRecordsRequest(List.of(new DeleteRecordsRequest.DeleteTopic("t", List.of(
            new DeleteRecordsRequest.DeletePartition(0, 40), new DeleteRecordsRequest.DeletePartition(3,
                DeleteRecordsRequest.HIGH_WATERMARK)))), 30_000);
        assertEquals(ask, request(ask));
        DeleteRecordsResponse answer = new DeleteRecordsResponse(List.of(new DeleteRecordsResponse.TopicResponse("t",
            List.of(new DeleteRecordsResponse.PartitionResponse(0, 40, Errors.NONE, null),
                DeleteRecordsResponse.PartitionResponse.error(3, Errors.NOT_LEADER_OR_FOLLOWER, "not here")))));
        assertEquals(answer, response(answer));
    }

    @Test
    void shouldCarryLogDirsOnlineAndOffline() {
        DescribeLogDirsRequest all = new DescribeLogDirsRequest(null);
        assertNull(request(all).partitions());
        DescribeLogDirsRequest some = new DescribeLogDirsRequest(List.of(new TopicPartition("t", 1)));
        assertEquals(some, request(some));
        DescribeLogDirsResponse answer = new DescribeLogDirsResponse(List.of(
            new DescribeLogDirsResponse.LogDir("/data/a", Errors.NONE, 1_000, 400, List.of(
                new DescribeLogDirsResponse.LogDirPartition(new TopicPartition("t", 1), 123, 0))),
            new DescribeLogDirsResponse.LogDir("/data/b", Errors.KAFKA_STORAGE_ERROR, -1, -1, List.of())));
        assertEquals(answer, response(answer));
    }

    @Test
    void shouldCarryTheNewPartitionsReplicasFromVersionOne() {
        CreatePartitionsRequest placed = new CreatePartitionsRequest(List.of(new CreatePartitionsRequest.PartitionsTopic(
            "t", 3, List.of(List.of(1, 2), List.of(2, 3)))), 30_000, false);
        assertEquals(placed, request(placed, V1));
        assertNull(request(placed, V0).topics().get(0).assignment(), "version 0 has no assignment");
        CreatePartitionsRequest free = new CreatePartitionsRequest(List.of(new CreatePartitionsRequest.PartitionsTopic(
            "t", 3)), 30_000, true);
        assertEquals(free, request(free, V1));
    }

    @Test
    void shouldCarryTheReplaceFlagFromVersionOne() {
        AlterConfigsRequest replace = new AlterConfigsRequest(List.of(new AlterConfigsRequest.AlterResource(
            DescribeConfigsRequest.TOPIC, "t", List.of(new AlterConfigsRequest.AlterOp("cleanup.policy",
                AlterConfigsRequest.APPEND, "compact")), true)), false);
        assertEquals(replace, request(replace, V1));
        assertFalse(request(replace, V0).resources().get(0).replace(), "version 0 has no replace flag");
    }
}
