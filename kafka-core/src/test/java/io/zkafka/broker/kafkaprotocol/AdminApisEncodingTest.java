package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.DescribeConfigsRequest;
import io.zkafka.common.message.DescribeConfigsResponse;
import io.zkafka.common.message.ElectLeadersResponse;
import io.zkafka.common.message.PartitionResult;
import io.zkafka.common.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.junit.jupiter.api.Test;

/**
 * The translated answers whose fields exist only in some versions encode with Kafka's classes at
 * every version advertised, and read back as a client of that version sees them; CreateTopics'
 * explicit assignments are checked against Kafka's rules for them.
 */
class AdminApisEncodingTest {

    @Test
    void describeConfigsAnswersIsDefaultInVersionZeroAndTheSourceLater() {
        DescribeConfigsResponse answer = new DescribeConfigsResponse(List.of(new DescribeConfigsResponse.ResourceConfigs(
            DescribeConfigsRequest.TOPIC, "t", Errors.NONE, null, List.of(
                new DescribeConfigsResponse.ConfigEntry("retention.ms", "1000", false, false),
                new DescribeConfigsResponse.ConfigEntry("segment.bytes", "1024", true, false)))));
        for (short version = 0; version <= 4; version++) {
            DescribeConfigsResponseData read = new DescribeConfigsResponseData(roundTrip(
                DescribeConfigsApi.toKafka(answer, version, false), version), version);
            List<DescribeConfigsResponseData.DescribeConfigsResourceResult> configs = read.results().get(0).configs();
            if (version == 0) {
                assertFalse(configs.get(0).isDefault());
                assertTrue(configs.get(1).isDefault());
            } else {
                assertEquals(1, configs.get(0).configSource(), "TOPIC_CONFIG at version " + version);
                assertEquals(5, configs.get(1).configSource(), "DEFAULT_CONFIG at version " + version);
            }
            assertTrue(configs.get(0).synonyms().isEmpty(), "no synonyms unless asked for");
        }
    }

    @Test
    void describeConfigsNamesEachValuesSourceAsItsSynonymWhenAsked() {
        DescribeConfigsResponse answer = new DescribeConfigsResponse(List.of(new DescribeConfigsResponse.ResourceConfigs(
            DescribeConfigsRequest.TOPIC, "t", Errors.NONE, null, List.of(
                new DescribeConfigsResponse.ConfigEntry("retention.ms", "1000", false, false),
                new DescribeConfigsResponse.ConfigEntry("segment.bytes", "1024", true, false),
                new DescribeConfigsResponse.ConfigEntry("message.timestamp.after.max.ms", null, true, false)))));
        for (short version = 1; version <= 4; version++) {
            DescribeConfigsResponseData read = new DescribeConfigsResponseData(roundTrip(
                DescribeConfigsApi.toKafka(answer, version, true), version), version);
            List<DescribeConfigsResponseData.DescribeConfigsResourceResult> configs = read.results().get(0).configs();
            DescribeConfigsResponseData.DescribeConfigsSynonym override = configs.get(0).synonyms().get(0);
            assertEquals("retention.ms", override.name());
            assertEquals("1000", override.value());
            assertEquals(1, override.source(), "TOPIC_CONFIG at version " + version);
            assertEquals(5, configs.get(1).synonyms().get(0).source(), "DEFAULT_CONFIG at version " + version);
            assertTrue(configs.get(2).synonyms().isEmpty(), "a setting without a value has no synonym");
        }
    }

    @Test
    void electLeadersPutsARequestLevelErrorOnEachPartitionInVersionZero() {
        TopicPartition tp = new TopicPartition("t", 0);
        ElectLeadersResponse refused = new ElectLeadersResponse(Errors.NOT_CONTROLLER, List.of());
        ElectLeadersResponse elected = new ElectLeadersResponse(Errors.NONE, List.of(PartitionResult.ok(tp)));
        for (short version = 0; version <= 2; version++) {
            ElectLeadersResponseData read = new ElectLeadersResponseData(roundTrip(
                ElectLeadersApi.toKafka(refused, List.of(tp), version), version), version);
            if (version == 0) {
                assertEquals(Errors.NOT_CONTROLLER.code(),
                    read.replicaElectionResults().get(0).partitionResult().get(0).errorCode());
            } else {
                assertEquals(Errors.NOT_CONTROLLER.code(), read.errorCode());
            }
            read = new ElectLeadersResponseData(roundTrip(ElectLeadersApi.toKafka(elected, List.of(tp), version),
                version), version);
            assertEquals(0, read.replicaElectionResults().get(0).partitionResult().get(0).errorCode());
        }
    }

    @Test
    void createTopicsRefusesAnAssignmentThatBreaksKafkasRules() {
        assertNull(CreateTopicsApi.assignmentProblem(topic(-1, -1, 0, 1)));
        assertNull(CreateTopicsApi.assignmentProblem(topic(3, 2)), "no assignment: the counts are used");
        assertNotNull(CreateTopicsApi.assignmentProblem(topic(2, -1, 0, 1)), "a count beside an assignment");
        assertNotNull(CreateTopicsApi.assignmentProblem(topic(-1, -1, 0, 2)), "a gap in the partition indexes");
        assertNotNull(CreateTopicsApi.assignmentProblem(topic(-1, -1, 1)), "no partition 0");
    }

    private static CreateTopicsRequestData.CreatableTopic topic(int partitions, int replicationFactor,
                                                                 int... assignedPartitions) {
        CreateTopicsRequestData.CreatableTopic topic = new CreateTopicsRequestData.CreatableTopic().setName("t")
            .setNumPartitions(partitions).setReplicationFactor((short) replicationFactor);
        for (int partition : assignedPartitions) {
            topic.assignments().add(new CreateTopicsRequestData.CreatableReplicaAssignment()
                .setPartitionIndex(partition).setBrokerIds(List.of(1, 2)));
        }
        return topic;
    }

    private static ByteBufferAccessor roundTrip(org.apache.kafka.common.protocol.Message message, short version) {
        ByteBuffer bytes = MessageUtil.toByteBuffer(message, version);
        return new ByteBufferAccessor(bytes);
    }
}
