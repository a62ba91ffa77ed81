package io.zkafka.coordination.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.Uuid;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.MalformedZnodeException;
import io.zkafka.coordination.ProducerIdBlock;
import io.zkafka.coordination.TopicAssignment;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Golden payloads: the exact bytes each znode holds, and their decoding. */
class ZnodePayloadsTest {
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteBrokerRegistrationShapedLikeKafka() {
        BrokerInfo broker = new BrokerInfo(3, "10.0.0.3", 9092, null, 1717000000000L);
        String golden = "{\"version\":5,\"host\":\"10.0.0.3\",\"port\":9092,\"rack\":null,"
            + "\"timestamp\":\"1717000000000\",\"endpoints\":[\"PLAINTEXT://10.0.0.3:9092\"],"
            + "\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"}}";
        assertEquals(golden, text(ZnodePayloads.broker(broker)));
        assertEquals(broker, ZnodePayloads.decodeBroker("/brokers/ids/3", 3, bytes(golden)));
    }

    @Test
    void shouldPublishKafkaListenersBesideTheNativeOne() {
        BrokerInfo broker = new BrokerInfo(3, "10.0.0.3", 9092, "r1", 1717000000000L)
            .withOtherEndpoints(Map.of("KAFKA", new BrokerInfo.Endpoint("KAFKA", "kafka.example", 9192)));
        String golden = "{\"version\":5,\"host\":\"10.0.0.3\",\"port\":9092,\"rack\":\"r1\","
            + "\"timestamp\":\"1717000000000\",\"endpoints\":[\"PLAINTEXT://10.0.0.3:9092\",\"KAFKA://kafka.example:9192\"],"
            + "\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\",\"KAFKA\":\"PLAINTEXT\"}}";
        assertEquals(golden, text(ZnodePayloads.broker(broker)));
        BrokerInfo read = ZnodePayloads.decodeBroker("/brokers/ids/3", 3, bytes(golden));
        assertEquals(broker, read);
        assertEquals(9192, read.endpoint("KAFKA").orElseThrow().port());
        assertTrue(read.endpoint("PLAINTEXT").isEmpty(), "the native listener is host and port, not an other endpoint");
    }

    @Test
    void shouldPublishEachListenersRealSecurityProtocol() {
        BrokerInfo broker = new BrokerInfo(3, "10.0.0.3", 9092, null, 1717000000000L)
            .withOtherEndpoints(Map.of("KAFKA", new BrokerInfo.Endpoint("KAFKA", "kafka.example", 9193, "SSL")))
            .withNativeSecurityProtocol("SSL");
        String golden = "{\"version\":5,\"host\":\"10.0.0.3\",\"port\":9092,\"rack\":null,"
            + "\"timestamp\":\"1717000000000\",\"endpoints\":[\"PLAINTEXT://10.0.0.3:9092\",\"KAFKA://kafka.example:9193\"],"
            + "\"listener_security_protocol_map\":{\"PLAINTEXT\":\"SSL\",\"KAFKA\":\"SSL\"}}";
        assertEquals(golden, text(ZnodePayloads.broker(broker)));
        BrokerInfo read = ZnodePayloads.decodeBroker("/brokers/ids/3", 3, bytes(golden));
        assertEquals(broker, read);
        assertEquals("SSL", read.nativeSecurityProtocol());
        assertEquals("SSL", read.endpoint("KAFKA").orElseThrow().securityProtocol());
    }

    @Test
    void shouldRejectAnEndpointThatIsNotNameHostPort() {
        String bad = "{\"version\":5,\"host\":\"h\",\"port\":1,\"timestamp\":\"1\",\"endpoints\":[\"KAFKA:9192\"]}";
        assertThrows(MalformedZnodeException.class, () -> ZnodePayloads.decodeBroker("/brokers/ids/3", 3, bytes(bad)));
    }

    @Test
    void shouldWritePartitionStateShapedLikeKafka() {
        LeaderAndIsr state = new LeaderAndIsr(1, 4, List.of(1, 2), 3);
        String golden = "{\"controller_epoch\":3,\"leader\":1,\"version\":1,\"leader_epoch\":4,\"isr\":[1,2]}";
        assertEquals(golden, text(ZnodePayloads.partitionState(state)));
        assertEquals(state, ZnodePayloads.decodePartitionState("/p", bytes(golden)));
    }

    @Test
    void shouldWriteTopicAssignmentConfigAndClusterIdShapedLikeKafka() {
        Map<Integer, List<Integer>> assignment = Map.of(1, List.of(2, 3), 0, List.of(1, 2));
        String golden = "{\"version\":1,\"partitions\":{\"0\":[1,2],\"1\":[2,3]}}";
        assertEquals(golden, text(ZnodePayloads.topicAssignment(Uuid.ZERO, assignment)));
        assertEquals(new TopicAssignment("t", assignment, 4),
            ZnodePayloads.decodeTopicAssignment("t", "/t", bytes(golden), 4));

        Uuid id = Uuid.fromString("Yx2Rl6hmSHO4ZnQHw0TlRA");
        String withId = "{\"version\":2,\"topic_id\":\"Yx2Rl6hmSHO4ZnQHw0TlRA\",\"partitions\":{\"0\":[1,2],\"1\":[2,3]}}";
        assertEquals(withId, text(ZnodePayloads.topicAssignment(id, assignment)));
        assertEquals(new TopicAssignment("t", assignment, 0, id), ZnodePayloads.decodeTopicAssignment("t", "/t",
            bytes(withId), 0));
        String kafkaVersion3 = "{\"version\":3,\"topic_id\":\"Yx2Rl6hmSHO4ZnQHw0TlRA\",\"partitions\":{\"0\":[1,2],"
            + "\"1\":[2,3]},\"adding_replicas\":{},\"removing_replicas\":{}}";
        assertEquals(new TopicAssignment("t", assignment, 0, id), ZnodePayloads.decodeTopicAssignment("t", "/t",
            bytes(kafkaVersion3), 0), "Kafka 3.x's own payload reads the same");

        String config = "{\"version\":1,\"config\":{\"cleanup.policy\":\"compact\",\"retention.ms\":\"60000\"}}";
        Map<String, String> overrides = Map.of("retention.ms", "60000", "cleanup.policy", "compact");
        assertEquals(config, text(ZnodePayloads.topicConfig(overrides)));
        assertEquals(overrides, ZnodePayloads.decodeTopicConfig("/c", bytes(config)));

        assertEquals("{\"version\":\"1\",\"id\":\"abc\"}", text(ZnodePayloads.clusterId("abc")));
        assertEquals("abc", ZnodePayloads.decodeClusterId("/cluster/id", ZnodePayloads.clusterId("abc")));
        assertEquals("7", text(ZnodePayloads.controllerEpoch(7)));
        assertEquals(7, ZnodePayloads.decodeControllerEpoch("/controller_epoch", bytes("7")));
    }

    @Test
    void shouldRoundTripReassignmentsAndIsrChangeNotifications() {
        Map<TopicPartition, List<Integer>> targets = new LinkedHashMap<>();
        targets.put(new TopicPartition("t", 0), List.of(2, 3));
        targets.put(new TopicPartition("u", 1), List.of(1));
        assertEquals("{\"version\":1,\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"replicas\":[2,3]},"
            + "{\"topic\":\"u\",\"partition\":1,\"replicas\":[1]}]}", text(ZnodePayloads.reassignment(targets)));
        assertEquals(targets, ZnodePayloads.decodeReassignment("/r", ZnodePayloads.reassignment(targets)));

        Set<TopicPartition> changed = new LinkedHashSet<>(List.of(new TopicPartition("t", 0)));
        assertEquals("{\"version\":1,\"partitions\":[{\"topic\":\"t\",\"partition\":0}]}",
            text(ZnodePayloads.isrChange(changed)));
        assertEquals(changed, ZnodePayloads.decodeIsrChange("/i", ZnodePayloads.isrChange(changed)));
    }

    @Test
    void shouldIgnoreUnknownFieldsWrittenByNewerVersions() {
        String newer = "{\"controller_epoch\":3,\"leader\":1,\"version\":2,\"leader_epoch\":4,\"isr\":[1],"
            + "\"leader_recovery_state\":0}";
        assertEquals(new LeaderAndIsr(1, 4, List.of(1), 3), ZnodePayloads.decodePartitionState("/p", bytes(newer)));
    }

    @Test
    void shouldNameThePathAndTheProblemOfAMalformedZnode() {
        String path = "/brokers/topics/t/partitions/0/state";
        Map<String, String> cases = Map.of(
            "", "empty payload",
            "{\"leader\":1", "malformed JSON at offset 11",
            "{\"controller_epoch\":3,\"leader\":1,\"leader_epoch\":4}", "field 'isr' is missing",
            "{\"controller_epoch\":3,\"leader\":-5,\"leader_epoch\":4,\"isr\":[]}", "leader must be >= -1");
        cases.forEach((payload, expected) -> {
            MalformedZnodeException e = assertThrows(MalformedZnodeException.class,
                () -> ZnodePayloads.decodePartitionState(path, bytes(payload)));
            assertEquals(path, e.path());
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        });
        assertTrue(assertThrows(MalformedZnodeException.class, () -> ZnodePayloads.decodeTopicAssignment("t", "/t",
            bytes("{\"version\":1,\"partitions\":{\"x\":[1]}}"), 0)).getMessage().contains("partition key \"x\""));
        assertTrue(assertThrows(MalformedZnodeException.class, () -> ZnodePayloads.decodeTopicAssignment("t", "/t",
            bytes("{\"version\":2,\"topic_id\":\"short\",\"partitions\":{}}"), 0)).getMessage().contains("not an id"));
        assertTrue(assertThrows(MalformedZnodeException.class, () -> ZnodePayloads.decodeControllerEpoch(
            "/controller_epoch", bytes("seven"))).getMessage().contains("expected a decimal epoch"));
    }

    @Test
    void shouldParseChangedPathsIntoWhatTheyName() {
        assertEquals(new ZnodeRef(ZnodeRef.Kind.BROKER, null, -1, 4, null), ZnodeRef.of("/brokers/ids/4"));
        assertEquals(new ZnodeRef(ZnodeRef.Kind.PARTITION_STATE, "t", 2, -1, null),
            ZnodeRef.of("/brokers/topics/t/partitions/2/state"));
        assertEquals(ZnodeRef.Kind.TOPIC, ZnodeRef.of("/brokers/topics/t").kind());
        assertEquals(ZnodeRef.Kind.TOPIC_CONFIG, ZnodeRef.of("/config/topics/t").kind());
        assertEquals(ZnodeRef.Kind.DELETE_TOPIC, ZnodeRef.of("/admin/delete_topics/t").kind());
        assertEquals(ZnodeRef.Kind.REASSIGNMENT, ZnodeRef.of("/admin/reassign_partitions").kind());
        assertEquals("isr_change_0000000001", ZnodeRef.of("/isr_change_notification/isr_change_0000000001").name());
        assertEquals(ZnodeRef.Kind.OTHER, ZnodeRef.of("/brokers/ids/not-a-number").kind());
        assertEquals(ZnodeRef.Kind.OTHER, ZnodeRef.of("/brokers/topics/t/partitions/0").kind());
    }

    @Test
    void shouldRefuseIllegalTopicNames() {
        for (String bad : new String[] {"", ".", "..", "a/b", "white space", "x".repeat(250)}) {
            assertThrows(IllegalArgumentException.class, () -> ZnodePaths.topic(bad), bad);
        }
        assertEquals("/brokers/topics/a.B_c-9", ZnodePaths.topic("a.B_c-9"));
    }

    @Test
    void shouldWriteTheProducerIdBlockShapedLikeKafka() {
        ProducerIdBlock block = new ProducerIdBlock(2, 1000, 1999);
        String golden = "{\"version\":1,\"broker\":2,\"block_start\":\"1000\",\"block_end\":\"1999\"}";
        assertEquals(golden, text(ZnodePayloads.producerIdBlock(block)));
        assertEquals(block, ZnodePayloads.decodeProducerIdBlock("/latest_producer_id_block", bytes(golden)));
        assertEquals(new ProducerIdBlock(0, 9_000_000_000L, 9_000_000_999L), ZnodePayloads.decodeProducerIdBlock("/b",
            bytes("{\"version\":1,\"broker\":0,\"block_start\":\"9000000000\",\"block_end\":\"9000000999\"}")));
        MalformedZnodeException e = assertThrows(MalformedZnodeException.class, () -> ZnodePayloads
            .decodeProducerIdBlock("/b", bytes("{\"version\":1,\"broker\":0,\"block_start\":\"5\",\"block_end\":\"1\"}")));
        assertTrue(e.getMessage().contains("/b"), e.getMessage());
    }
}
