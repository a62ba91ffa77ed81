package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.NewTopic;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transaction APIs at the old versions that Kafka 3.9's client never picks but librdkafka and
 * kafkajs do, sent one by one over a socket: FindCoordinator's single and batched forms, a fenced
 * producer's error before and after PRODUCER_FENCED exists in each API, and TxnOffsetCommit and
 * ListTransactions without the fields their later versions add.
 */
@Timeout(180)
class KafkaTransactionVersionsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "wire-txn";
    private static final byte GROUP = 0;
    private static final byte TRANSACTION = 1;

    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(3).kafkaListener().forConsumerGroups(3)
            .brokerConfig("transaction.state.log.num.partitions", 3).build();
        try (io.zkafka.clients.admin.Admin admin = zkafkaAdmin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void findCoordinatorNamesTheKafkaListenerOfTheCoordinatorInTheSingleAndBatchedForms() throws Exception {
        Set<Integer> kafkaPorts = cluster.runningBrokers().stream().map(b -> b.kafkaEndpoints().get("KAFKA").port())
            .collect(Collectors.toSet());
        for (short version = 0; version <= 3; version++) {
            byte keyType = version == 0 ? GROUP : TRANSACTION;
            FindCoordinatorResponseData found = findSingle(version, "single-" + version, keyType);
            assertEquals(Errors.NONE.code(), found.errorCode(), "v" + version + ": " + found);
            assertTrue(kafkaPorts.contains(found.port()), "v" + version + " names a Kafka listener: " + found);
            assertEquals(portOf(found.nodeId()), found.port(), "v" + version + ": the port of node " + found.nodeId());
        }
        for (byte keyType : new byte[] {GROUP, TRANSACTION}) {
            List<String> keys = List.of("batch-a", "batch-b", "batch-c");
            FindCoordinatorResponseData found = awaitCoordinators(keys, keyType);
            assertEquals(keys, found.coordinators().stream().map(FindCoordinatorResponseData.Coordinator::key).toList());
            for (FindCoordinatorResponseData.Coordinator coordinator : found.coordinators()) {
                assertEquals(portOf(coordinator.nodeId()), coordinator.port(), "v4: " + coordinator);
            }
        }
        FindCoordinatorResponseData empty = send(anyBroker(), ApiKeys.FIND_COORDINATOR, (short) 4,
            new FindCoordinatorRequestData().setKeyType(TRANSACTION).setCoordinatorKeys(List.of("")));
        assertEquals(Errors.INVALID_REQUEST.code(), empty.coordinators().get(0).errorCode(), "an empty transactional id");
    }

    @Test
    void aFencedProducerIsAnsweredInvalidProducerEpochBeforeEachApiKnowsProducerFenced() throws Exception {
        String transactionalId = "wire-fenced";
        try (KafkaWireClient coordinator = connectToCoordinator(transactionalId, TRANSACTION)) {
            InitProducerIdResponseData first = initProducerId(coordinator, transactionalId);
            InitProducerIdResponseData bumped = initProducerId(coordinator, transactionalId);
            assertEquals(first.producerId(), bumped.producerId());
            assertEquals(first.producerEpoch() + 1, bumped.producerEpoch(), "a second initialization bumps the epoch");
            long producerId = first.producerId();
            short stale = first.producerEpoch();

            for (short version = 3; version <= 4; version++) {
                InitProducerIdResponseData wrongId = coordinator.send(ApiKeys.INIT_PRODUCER_ID, version,
                    new InitProducerIdRequestData().setTransactionalId(transactionalId).setTransactionTimeoutMs(60_000)
                        .setProducerId(producerId + 1).setProducerEpoch(bumped.producerEpoch()));
                assertEquals(version < 4 ? Errors.INVALID_PRODUCER_EPOCH : Errors.PRODUCER_FENCED,
                    Errors.forCode(wrongId.errorCode()), "InitProducerId v" + version);
            }
            for (short version = 0; version <= 3; version++) {
                Errors expected = version < 2 ? Errors.INVALID_PRODUCER_EPOCH : Errors.PRODUCER_FENCED;
                assertEquals(expected, addPartition(coordinator, version, transactionalId, producerId, stale),
                    "AddPartitionsToTxn v" + version);
                AddOffsetsToTxnResponseData offsets = coordinator.send(ApiKeys.ADD_OFFSETS_TO_TXN, version,
                    new AddOffsetsToTxnRequestData().setTransactionalId(transactionalId).setProducerId(producerId)
                        .setProducerEpoch(stale).setGroupId("wire-group"));
                assertEquals(expected, Errors.forCode(offsets.errorCode()), "AddOffsetsToTxn v" + version);
                EndTxnResponseData ended = coordinator.send(ApiKeys.END_TXN, version, new EndTxnRequestData()
                    .setTransactionalId(transactionalId).setProducerId(producerId).setProducerEpoch(stale)
                    .setCommitted(true));
                assertEquals(expected, Errors.forCode(ended.errorCode()), "EndTxn v" + version);
            }

            short current = bumped.producerEpoch();
            assertEquals(Errors.NONE, addPartition(coordinator, (short) 0, transactionalId, producerId, current));
            DescribeTransactionsResponseData.TransactionState open = describe(coordinator, transactionalId);
            assertEquals("Ongoing", open.transactionState());
            assertEquals(List.of(0), open.topics().find(TOPIC).partitions());
            EndTxnResponseData aborted = coordinator.send(ApiKeys.END_TXN, (short) 0, new EndTxnRequestData()
                .setTransactionalId(transactionalId).setProducerId(producerId).setProducerEpoch(current)
                .setCommitted(false));
            assertEquals(Errors.NONE.code(), aborted.errorCode());
            TestUtils.waitForCondition(() -> describe(coordinator, transactionalId).transactionState()
                .equals("CompleteAbort"), WAIT, "the abort to complete");
        }
    }

    @Test
    void offsetsCommittedAtVersionZeroInATransactionAreTheGroupsOnceItCommits() throws Exception {
        String transactionalId = "wire-offsets";
        String group = "wire-offsets-group";
        try (KafkaWireClient txnCoordinator = connectToCoordinator(transactionalId, TRANSACTION);
             KafkaWireClient groupCoordinator = connectToCoordinator(group, GROUP);
             io.zkafka.clients.admin.Admin admin = zkafkaAdmin()) {
            InitProducerIdResponseData producer = initProducerId(txnCoordinator, transactionalId);
            AddOffsetsToTxnResponseData added = txnCoordinator.send(ApiKeys.ADD_OFFSETS_TO_TXN, (short) 0,
                new AddOffsetsToTxnRequestData().setTransactionalId(transactionalId)
                    .setProducerId(producer.producerId()).setProducerEpoch(producer.producerEpoch()).setGroupId(group));
            assertEquals(Errors.NONE.code(), added.errorCode());
            TxnOffsetCommitRequestData commit = new TxnOffsetCommitRequestData().setTransactionalId(transactionalId)
                .setGroupId(group).setProducerId(producer.producerId()).setProducerEpoch(producer.producerEpoch())
                .setTopics(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic().setName(TOPIC)
                    .setPartitions(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
                        .setPartitionIndex(1).setCommittedOffset(7).setCommittedMetadata("v0")))));
            Errors[] committed = new Errors[1];
            TestUtils.waitForCondition(() -> {
                try {
                    TxnOffsetCommitResponseData response = groupCoordinator.send(ApiKeys.TXN_OFFSET_COMMIT, (short) 0,
                        commit);
                    committed[0] = Errors.forCode(response.topics().get(0).partitions().get(0).errorCode());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                // the group's offsets partition may still be loading on a coordinator just elected
                return committed[0] != Errors.COORDINATOR_LOAD_IN_PROGRESS && committed[0] != Errors.NOT_COORDINATOR;
            }, WAIT, () -> "TxnOffsetCommit v0: " + committed[0]);
            assertEquals(Errors.NONE, committed[0]);
            EndTxnResponseData ended = txnCoordinator.send(ApiKeys.END_TXN, (short) 0, new EndTxnRequestData()
                .setTransactionalId(transactionalId).setProducerId(producer.producerId())
                .setProducerEpoch(producer.producerEpoch()).setCommitted(true));
            assertEquals(Errors.NONE.code(), ended.errorCode());

            io.zkafka.common.TopicPartition tp = new io.zkafka.common.TopicPartition(TOPIC, 1);
            TestUtils.waitForCondition(() -> {
                io.zkafka.clients.consumer.OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().join().get(tp);
                return offset != null && offset.offset() == 7 && "v0".equals(offset.metadata())
                    && offset.leaderEpoch().isEmpty();
            }, WAIT, "the group's offset of " + tp + " to become 7 without a leader epoch");
        }
    }

    @Test
    void listTransactionsAtVersionZeroListsEveryStateWithoutADurationFilter() throws Exception {
        String transactionalId = "wire-listed";
        try (KafkaWireClient coordinator = connectToCoordinator(transactionalId, TRANSACTION)) {
            InitProducerIdResponseData producer = initProducerId(coordinator, transactionalId);
            ListTransactionsResponseData listed = coordinator.send(ApiKeys.LIST_TRANSACTIONS, (short) 0,
                new ListTransactionsRequestData().setStateFilters(List.of("Empty", "NoSuchState")));
            assertEquals(Errors.NONE.code(), listed.errorCode());
            assertEquals(List.of("NoSuchState"), listed.unknownStateFilters());
            Optional<ListTransactionsResponseData.TransactionState> mine = listed.transactionStates().stream()
                .filter(t -> t.transactionalId().equals(transactionalId)).findFirst();
            assertTrue(mine.isPresent(), "listed: " + listed);
            assertEquals(producer.producerId(), mine.get().producerId());
            assertEquals("Empty", mine.get().transactionState());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static io.zkafka.clients.admin.Admin zkafkaAdmin() {
        return io.zkafka.clients.admin.Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    private static int portOf(int brokerId) {
        return cluster.broker(brokerId).kafkaEndpoints().get("KAFKA").port();
    }

    private static KafkaWireClient anyBroker() throws IOException {
        return new KafkaWireClient("127.0.0.1", portOf(cluster.runningBrokers().get(0).brokerId()));
    }

    private static <T extends org.apache.kafka.common.protocol.ApiMessage> T send(
        KafkaWireClient connection, ApiKeys key, short version, org.apache.kafka.common.protocol.ApiMessage body)
        throws IOException {
        try (connection) {
            return connection.send(key, version, body);
        }
    }

    /** FindCoordinator in its single-key form, asked until the coordinator's partition has a leader. */
    private static FindCoordinatorResponseData findSingle(short version, String key, byte keyType) {
        FindCoordinatorRequestData request = new FindCoordinatorRequestData().setKey(key);
        if (version > 0) {
            request.setKeyType(keyType);
        }
        FindCoordinatorResponseData[] last = new FindCoordinatorResponseData[1];
        TestUtils.waitForCondition(() -> {
            last[0] = sendUnchecked(ApiKeys.FIND_COORDINATOR, version, request);
            return last[0].errorCode() != Errors.COORDINATOR_NOT_AVAILABLE.code();
        }, WAIT, () -> "a coordinator for " + key + ": " + last[0]);
        return last[0];
    }

    /** FindCoordinator in its batched form (version 4), asked until every key has a coordinator. */
    private static FindCoordinatorResponseData awaitCoordinators(List<String> keys, byte keyType) {
        FindCoordinatorRequestData request = new FindCoordinatorRequestData().setKeyType(keyType)
            .setCoordinatorKeys(keys);
        FindCoordinatorResponseData[] last = new FindCoordinatorResponseData[1];
        TestUtils.waitForCondition(() -> {
            last[0] = sendUnchecked(ApiKeys.FIND_COORDINATOR, (short) 4, request);
            return last[0].coordinators().stream().allMatch(c -> c.errorCode() == Errors.NONE.code());
        }, WAIT, () -> "coordinators for " + keys + ": " + last[0]);
        return last[0];
    }

    private static FindCoordinatorResponseData sendUnchecked(ApiKeys key, short version,
                                                             org.apache.kafka.common.protocol.ApiMessage body) {
        try {
            return send(anyBroker(), key, version, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KafkaWireClient connectToCoordinator(String key, byte keyType) throws IOException {
        FindCoordinatorResponseData found = findSingle((short) 3, key, keyType);
        assertEquals(Errors.NONE.code(), found.errorCode(), found.toString());
        return new KafkaWireClient(found.host(), found.port());
    }

    /** InitProducerId at version 1 (no current id and epoch), retried while the coordinator is not ready. */
    private static InitProducerIdResponseData initProducerId(KafkaWireClient coordinator, String transactionalId) {
        InitProducerIdResponseData[] last = new InitProducerIdResponseData[1];
        TestUtils.waitForCondition(() -> {
            try {
                last[0] = coordinator.send(ApiKeys.INIT_PRODUCER_ID, (short) 1, new InitProducerIdRequestData()
                    .setTransactionalId(transactionalId).setTransactionTimeoutMs(60_000));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Errors error = Errors.forCode(last[0].errorCode());
            // a coordinator just elected may not have taken its partition yet
            return error != Errors.COORDINATOR_LOAD_IN_PROGRESS && error != Errors.NOT_COORDINATOR
                && error != Errors.CONCURRENT_TRANSACTIONS;
        }, WAIT, () -> "InitProducerId for " + transactionalId + ": " + last[0]);
        assertEquals(Errors.NONE.code(), last[0].errorCode(), last[0].toString());
        return last[0];
    }

    private static Errors addPartition(KafkaWireClient coordinator, short version, String transactionalId,
                                       long producerId, short epoch) throws IOException {
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnTopic().setName(TOPIC).setPartitions(List.of(0)));
        AddPartitionsToTxnResponseData response = coordinator.send(ApiKeys.ADD_PARTITIONS_TO_TXN, version,
            new AddPartitionsToTxnRequestData().setV3AndBelowTransactionalId(transactionalId)
                .setV3AndBelowProducerId(producerId).setV3AndBelowProducerEpoch(epoch).setV3AndBelowTopics(topics));
        return Errors.forCode(response.resultsByTopicV3AndBelow().find(TOPIC).resultsByPartition().find(0)
            .partitionErrorCode());
    }

    private static DescribeTransactionsResponseData.TransactionState describe(KafkaWireClient coordinator,
                                                                             String transactionalId) {
        try {
            DescribeTransactionsResponseData response = coordinator.send(ApiKeys.DESCRIBE_TRANSACTIONS, (short) 0,
                new DescribeTransactionsRequestData().setTransactionalIds(List.of(transactionalId)));
            return response.transactionStates().get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
