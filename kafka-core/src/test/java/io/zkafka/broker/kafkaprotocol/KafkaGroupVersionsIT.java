package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The version-dependent forms of the group APIs, each sent at a pinned version over the Kafka
 * listener of a one-broker cluster: single and batched coordinator lookups, JoinGroup with and
 * without MEMBER_ID_REQUIRED, single and batched leaves, OffsetFetch's error placement by version
 * and its batched groups, OffsetForLeaderEpoch as a consumer asks it.
 */
class KafkaGroupVersionsIT {
    private static final byte[] SUBSCRIPTION = {0, 1, 2, 3, 42};
    private static final byte[] ASSIGNMENT = {9, 8, 7};

    private static ZKafkaCluster cluster;
    private static int kafkaPort;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).kafkaListener().forConsumerGroups(2)
            .brokerConfig("offsets.topic.replication.factor", 1)
            .brokerConfig("transaction.state.log.replication.factor", 1)
            .brokerConfig("transaction.state.log.num.partitions", 2).build();
        kafkaPort = cluster.broker(1).kafkaEndpoints().get("KAFKA").port();
        try (io.zkafka.clients.admin.Admin admin = io.zkafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new io.zkafka.clients.admin.NewTopic("t", 2, (short) 1)))
                .all().get(30, TimeUnit.SECONDS);
        }
        // the offsets topic exists (and leads here) once a lookup is answered
        try (KafkaWireClient client = client()) {
            TestUtils.waitForCondition(() -> findGroupV0(client, "warm-up").errorCode() == Errors.NONE.code(),
                Duration.ofSeconds(60), "the group coordinator is available");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void findCoordinatorAnswersTheKafkaListenerSinglyAndBatched() throws Exception {
        try (KafkaWireClient client = client()) {
            FindCoordinatorResponseData v0 = findGroupV0(client, "g");
            assertEquals(1, v0.nodeId());
            assertEquals(kafkaPort, v0.port());
            assertEquals("127.0.0.1", v0.host());
            for (int v = 1; v <= 3; v++) {
                FindCoordinatorResponseData single = client.send(new FindCoordinatorRequestData().setKey("g")
                    .setKeyType((byte) 0), v);
                assertEquals(Errors.NONE.code(), single.errorCode(), "version " + v);
                assertEquals(kafkaPort, single.port(), "version " + v);
            }

            TestUtils.waitForCondition(() -> findTransactionV3(client, "txn-1").errorCode() == Errors.NONE.code(),
                Duration.ofSeconds(60), "the transaction coordinator is found");
            FindCoordinatorResponseData txn = findTransactionV3(client, "txn-1");
            assertEquals(1, txn.nodeId());
            assertEquals(kafkaPort, txn.port());

            FindCoordinatorResponseData batched = client.send(new FindCoordinatorRequestData()
                .setCoordinatorKeys(List.of("g1", "g2", "g3")).setKeyType((byte) 0), 4);
            assertEquals(List.of("g1", "g2", "g3"),
                batched.coordinators().stream().map(FindCoordinatorResponseData.Coordinator::key).toList());
            batched.coordinators().forEach(c -> {
                assertEquals(Errors.NONE.code(), c.errorCode(), c.toString());
                assertEquals(1, c.nodeId());
                assertEquals(kafkaPort, c.port());
            });

            FindCoordinatorResponseData unknownType = client.send(new FindCoordinatorRequestData()
                .setCoordinatorKeys(List.of("x")).setKeyType((byte) 7), 4);
            assertEquals(Errors.INVALID_REQUEST.code(), unknownType.coordinators().get(0).errorCode());
        }
    }

    @Test
    void joinGroupBelowVersion4JoinsAtOnceAndFromVersion4AsksForTheMemberIdFirst() throws Exception {
        try (KafkaWireClient client = client()) {
            JoinGroupResponseData old = client.send(join("join-v0", ""), 0);
            assertEquals(Errors.NONE.code(), old.errorCode());
            assertFalse(old.memberId().isEmpty());
            assertEquals(old.memberId(), old.leader());
            assertEquals(1, old.generationId());
            assertEquals("wire", old.protocolName());
            assertEquals(1, old.members().size());
            assertArrayEquals(SUBSCRIPTION, old.members().get(0).metadata(), "subscription bytes pass untouched");

            SyncGroupResponseData synced = client.send(new SyncGroupRequestData().setGroupId("join-v0")
                .setGenerationId(old.generationId()).setMemberId(old.memberId())
                .setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment()
                    .setMemberId(old.memberId()).setAssignment(ASSIGNMENT))), 0);
            assertEquals(Errors.NONE.code(), synced.errorCode());
            assertArrayEquals(ASSIGNMENT, synced.assignment(), "assignment bytes pass untouched");
            HeartbeatResponseData beat = client.send(new HeartbeatRequestData().setGroupId("join-v0")
                .setGenerationId(old.generationId()).setMemberId(old.memberId()), 0);
            assertEquals(Errors.NONE.code(), beat.errorCode());
            LeaveGroupResponseData left = client.send(new LeaveGroupRequestData().setGroupId("join-v0")
                .setMemberId(old.memberId()), 0);
            assertEquals(Errors.NONE.code(), left.errorCode());
            LeaveGroupResponseData again = client.send(new LeaveGroupRequestData().setGroupId("join-v0")
                .setMemberId(old.memberId()), 2);
            assertEquals(Errors.UNKNOWN_MEMBER_ID.code(), again.errorCode(), "a single leave's outcome is top-level");

            JoinGroupResponseData first = client.send(join("join-v4", ""), 4);
            assertEquals(Errors.MEMBER_ID_REQUIRED.code(), first.errorCode());
            assertFalse(first.memberId().isEmpty());
            JoinGroupResponseData joined = client.send(join("join-v4", first.memberId()), 4);
            assertEquals(Errors.NONE.code(), joined.errorCode());
            assertEquals(first.memberId(), joined.memberId());

            JoinGroupResponseData latest = client.send(join("join-v8", ""), 8);
            assertEquals(Errors.MEMBER_ID_REQUIRED.code(), latest.errorCode());
            JoinGroupResponseData latestJoined = client.send(join("join-v8", latest.memberId()), 8);
            assertEquals("wire-type", latestJoined.protocolType(), "version 7+ answers the protocol type");
            SyncGroupResponseData latestSync = client.send(new SyncGroupRequestData().setGroupId("join-v8")
                .setGenerationId(latestJoined.generationId()).setMemberId(latestJoined.memberId())
                .setProtocolType("wire-type").setProtocolName("wire")
                .setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment()
                    .setMemberId(latestJoined.memberId()).setAssignment(ASSIGNMENT))), 5);
            assertEquals("wire", latestSync.protocolName());
            assertArrayEquals(ASSIGNMENT, latestSync.assignment());

            // version 9 (KIP-814): a static leader rejoining unchanged gets the members and SkipAssignment
            JoinGroupResponseData staticLeader = client.send(join("join-v9", "").setGroupInstanceId("i-1"), 9);
            assertEquals(Errors.NONE.code(), staticLeader.errorCode(), "a static member needs no member id first");
            client.send(new SyncGroupRequestData().setGroupId("join-v9").setGenerationId(staticLeader.generationId())
                .setMemberId(staticLeader.memberId()).setGroupInstanceId("i-1")
                .setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment()
                    .setMemberId(staticLeader.memberId()).setAssignment(ASSIGNMENT))), 5);
            JoinGroupResponseData restarted = client.send(join("join-v9", "").setGroupInstanceId("i-1"), 9);
            assertEquals(staticLeader.generationId(), restarted.generationId(), "no rebalance");
            assertEquals(restarted.memberId(), restarted.leader());
            assertTrue(restarted.skipAssignment());
            assertEquals(List.of(restarted.memberId()), restarted.members().stream()
                .map(JoinGroupResponseData.JoinGroupResponseMember::memberId).toList());
            JoinGroupResponseData restartedV8 = client.send(join("join-v9", "").setGroupInstanceId("i-1"), 8);
            assertEquals(List.of(), restartedV8.members(), "before version 9 the leader gets no member list");

            LeaveGroupResponseData batch = client.send(new LeaveGroupRequestData().setGroupId("join-v4")
                .setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(joined.memberId()),
                    new LeaveGroupRequestData.MemberIdentity().setMemberId("nobody"))), 3);
            assertEquals(Errors.NONE.code(), batch.errorCode());
            Map<String, Short> outcomes = batch.members().stream().collect(Collectors.toMap(
                LeaveGroupResponseData.MemberResponse::memberId, LeaveGroupResponseData.MemberResponse::errorCode));
            assertEquals(Map.of(joined.memberId(), Errors.NONE.code(), "nobody", Errors.UNKNOWN_MEMBER_ID.code()),
                outcomes);
        }
    }

    @Test
    void offsetsAreCommittedAndFetchedInEachVersionsForm() throws Exception {
        try (KafkaWireClient client = client()) {
            OffsetCommitResponseData committed = client.send(new OffsetCommitRequestData().setGroupId("offsets")
                .setGenerationIdOrMemberEpoch(-1).setMemberId("")
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t")
                    .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                        .setPartitionIndex(0).setCommittedOffset(5).setCommittedLeaderEpoch(3)
                        .setCommittedMetadata("m"))))), 8);
            assertEquals(Errors.NONE.code(), committed.topics().get(0).partitions().get(0).errorCode());
            OffsetCommitResponseData v1 = client.send(new OffsetCommitRequestData().setGroupId("offsets-v1")
                .setGenerationIdOrMemberEpoch(-1).setMemberId("")
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t")
                    .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                        .setPartitionIndex(1).setCommittedOffset(11).setCommitTimestamp(-1))))), 1);
            assertEquals(Errors.NONE.code(), v1.topics().get(0).partitions().get(0).errorCode());

            // version 0: no generation or member, a commit outside any generation; read back at 0 and 7
            OffsetCommitResponseData v0 = client.send(new OffsetCommitRequestData().setGroupId("offsets-v0")
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t")
                    .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                        .setPartitionIndex(0).setCommittedOffset(21).setCommittedMetadata("zero"))))), 0);
            assertEquals(Errors.NONE.code(), v0.topics().get(0).partitions().get(0).errorCode());
            OffsetFetchResponseData.OffsetFetchResponsePartition v0Fetch = fetchSingle(client, "offsets-v0", 0)
                .topics().get(0).partitions().get(0);
            assertEquals(21, v0Fetch.committedOffset());
            assertEquals("zero", v0Fetch.metadata());
            assertEquals(21, fetchSingle(client, "offsets-v0", 7).topics().get(0).partitions().get(0).committedOffset());

            OffsetFetchResponseData.OffsetFetchResponsePartition v1Fetch = fetchSingle(client, "offsets", 1)
                .topics().get(0).partitions().get(0);
            assertEquals(5, v1Fetch.committedOffset());
            assertEquals("m", v1Fetch.metadata());
            OffsetFetchResponseData.OffsetFetchResponsePartition v5Fetch = fetchSingle(client, "offsets", 5)
                .topics().get(0).partitions().get(0);
            assertEquals(3, v5Fetch.committedLeaderEpoch(), "the leader epoch from version 5");

            OffsetFetchResponseData batched = client.send(new OffsetFetchRequestData().setGroups(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("offsets").setTopics(null),
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("offsets-v1").setTopics(
                    List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("t")
                        .setPartitionIndexes(List.of(0, 1)))))), 8);
            assertEquals(List.of("offsets", "offsets-v1"), batched.groups().stream()
                .map(OffsetFetchResponseData.OffsetFetchResponseGroup::groupId).toList());
            assertEquals(5, batched.groups().get(0).topics().get(0).partitions().get(0).committedOffset());
            Map<Integer, Long> second = batched.groups().get(1).topics().get(0).partitions().stream().collect(
                Collectors.toMap(OffsetFetchResponseData.OffsetFetchResponsePartitions::partitionIndex,
                    OffsetFetchResponseData.OffsetFetchResponsePartitions::committedOffset));
            assertEquals(Map.of(0, -1L, 1, 11L), second);

            // a group-level error: version 1 has no top-level error code, so each partition carries it
            OffsetFetchResponseData badV1 = fetchSingle(client, "", 1);
            short partitionError = badV1.topics().get(0).partitions().get(0).errorCode();
            assertNotEquals(Errors.NONE.code(), partitionError);
            OffsetFetchResponseData badV2 = fetchSingle(client, "", 2);
            assertEquals(partitionError, badV2.errorCode(), "from version 2 the error is top-level");
        }
    }

    @Test
    void offsetForLeaderEpochAnswersAConsumersValidation() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", cluster.kafkaBootstrapServers(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("t", 0, "k" + i, "v" + i));
            }
            producer.flush();
        }
        try (KafkaWireClient client = client()) {
            OffsetForLeaderEpochResponseData.EpochEndOffset v4 = epochEnd(client, 0, 0, 4);
            assertEquals(Errors.NONE.code(), v4.errorCode());
            assertEquals(0, v4.leaderEpoch());
            assertEquals(10, v4.endOffset());
            OffsetForLeaderEpochResponseData.EpochEndOffset v0 = epochEnd(client, -1, 0, 0);
            assertEquals(Errors.NONE.code(), v0.errorCode());
            assertEquals(10, v0.endOffset());
            assertEquals(Errors.UNKNOWN_LEADER_EPOCH.code(), epochEnd(client, 5, 0, 4).errorCode(),
                "a consumer ahead of this leader's epoch is told so");
        }
        try (KafkaWireClient client = client()) {
            ListGroupsResponseData listed = client.send(new ListGroupsRequestData().setStatesFilter(List.of("Empty")), 4);
            assertTrue(listed.groups().stream().allMatch(g -> "Empty".equals(g.groupState())), listed.toString());
        }
    }

    private static OffsetForLeaderEpochResponseData.EpochEndOffset epochEnd(KafkaWireClient client, int current,
                                                                             int epoch, int version) throws Exception {
        OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData().setReplicaId(-1);
        OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic =
            new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("t");
        topic.partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
            .setCurrentLeaderEpoch(current).setLeaderEpoch(epoch));
        request.topics().add(topic);
        OffsetForLeaderEpochResponseData response = client.send(request, version);
        return response.topics().iterator().next().partitions().get(0);
    }

    private static OffsetFetchResponseData fetchSingle(KafkaWireClient client, String group, int version)
        throws Exception {
        return client.send(new OffsetFetchRequestData().setGroupId(group).setTopics(List.of(
            new OffsetFetchRequestData.OffsetFetchRequestTopic().setName("t").setPartitionIndexes(List.of(0)))), version);
    }

    private static JoinGroupRequestData join(String group, String memberId) {
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName("wire").setMetadata(SUBSCRIPTION));
        return new JoinGroupRequestData().setGroupId(group).setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000)
            .setMemberId(memberId).setProtocolType("wire-type").setProtocols(protocols);
    }

    private static FindCoordinatorResponseData findGroupV0(KafkaWireClient client, String group) {
        try {
            return client.send(new FindCoordinatorRequestData().setKey(group), 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static FindCoordinatorResponseData findTransactionV3(KafkaWireClient client, String transactionalId) {
        try {
            return client.send(new FindCoordinatorRequestData().setKey(transactionalId).setKeyType((byte) 1), 3);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static KafkaWireClient client() throws Exception {
        return new KafkaWireClient("127.0.0.1", kafkaPort);
    }
}
