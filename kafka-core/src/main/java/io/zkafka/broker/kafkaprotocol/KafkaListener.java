package io.zkafka.broker.kafkaprotocol;

import io.zkafka.broker.auth.ListenerSasl;
import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.RequestDispatcher;
import io.zkafka.broker.network.SocketServer;
import io.zkafka.common.protocol.FrameDecoder;
import io.zkafka.metadata.MetadataCache;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * A listener speaking Apache Kafka's protocol: the APIs it serves, with their advertised version
 * ranges, and the pipeline of its connections. Every API is translated to the native one and
 * served by the same native handler, so both protocols share one implementation of everything.
 */
public final class KafkaListener {
    private final KafkaApis apis = new KafkaApis();
    private final RequestDispatcher dispatcher;
    private final ListenerSasl sasl;
    private final FetchSessions fetchSessions;

    /**
     * A listener whose connections authenticate with SASL first when {@code sasl} is not null;
     * {@code authorizer} (the native handlers' own) answers the authorized operations clients ask for.
     * It keeps at most {@code fetchSessionSlots} fetch sessions, evicting one idle for
     * {@code fetchSessionEvictionMs} to open another.
     */
    public KafkaListener(String listenerName, RequestDispatcher dispatcher, MetadataCache metadata, ListenerSasl sasl,
                         Authorizer authorizer, int fetchSessionSlots, long fetchSessionEvictionMs) {
        this.dispatcher = dispatcher;
        this.fetchSessions = new FetchSessions(fetchSessionSlots, fetchSessionEvictionMs,
            System::currentTimeMillis);
        this.sasl = sasl;
        ListenerAddresses addresses = new ListenerAddresses(listenerName, metadata);
        AuthorizedOperations authorizedOperations = new AuthorizedOperations(authorizer);
        LeaderDiscovery leaders = new LeaderDiscovery(metadata, addresses);
        // version ranges: what Kafka 3.9's Java client, librdkafka 2.x and kafkajs 2.x negotiate, below the
        // versions that need KIP-848/KIP-890 semantics; topic ids from Metadata 10, Fetch 13 and DeleteTopics 6;
        // Produce 10 and Fetch 12 name the leader when they refuse a wrong one (KIP-951)
        apis.register(ApiKeys.API_VERSIONS, 0, 3, new ApiVersionsApi(apis))
            .register(ApiKeys.METADATA, 0, 12, new MetadataApi(addresses, authorizedOperations))
            .register(ApiKeys.PRODUCE, 3, 10, new ProduceApi(leaders))
            .register(ApiKeys.FETCH, 4, 17, new FetchApi(metadata, leaders, fetchSessions))
            .register(ApiKeys.LIST_OFFSETS, 1, 6, new ListOffsetsApi())
            .register(ApiKeys.INIT_PRODUCER_ID, 0, 4, new InitProducerIdApi())
            // transactions: client versions below KIP-890's (TRANSACTION_ABORTABLE, broker-side verification)
            .register(ApiKeys.ADD_PARTITIONS_TO_TXN, 0, 3, new AddPartitionsToTxnApi())
            .register(ApiKeys.ADD_OFFSETS_TO_TXN, 0, 3, new AddOffsetsToTxnApi())
            .register(ApiKeys.END_TXN, 0, 3, new EndTxnApi())
            .register(ApiKeys.TXN_OFFSET_COMMIT, 0, 3, new TxnOffsetCommitApi())
            .register(ApiKeys.DESCRIBE_PRODUCERS, 0, 0, new DescribeProducersApi())
            .register(ApiKeys.DESCRIBE_TRANSACTIONS, 0, 0, new DescribeTransactionsApi())
            .register(ApiKeys.LIST_TRANSACTIONS, 0, 1, new ListTransactionsApi())
            .register(ApiKeys.WRITE_TXN_MARKERS, 0, 1, new WriteTxnMarkersApi());
        // consumer groups, classic protocol: below KIP-848's versions and FindCoordinator 5 (KIP-890);
        // FindCoordinator serves transactional ids too
        apis.register(ApiKeys.FIND_COORDINATOR, 0, 4, new FindCoordinatorApi(addresses))
            .register(ApiKeys.JOIN_GROUP, 0, 9, new JoinGroupApi())
            .register(ApiKeys.SYNC_GROUP, 0, 5, new SyncGroupApi())
            .register(ApiKeys.HEARTBEAT, 0, 4, new HeartbeatApi())
            .register(ApiKeys.LEAVE_GROUP, 0, 5, new LeaveGroupApi())
            .register(ApiKeys.OFFSET_COMMIT, 0, 8, new OffsetCommitApi())
            .register(ApiKeys.OFFSET_FETCH, 0, 8, new OffsetFetchApi())
            .register(ApiKeys.DESCRIBE_GROUPS, 0, 5, new DescribeGroupsApi(authorizedOperations))
            .register(ApiKeys.LIST_GROUPS, 0, 4, new ListGroupsApi())
            .register(ApiKeys.DELETE_GROUPS, 0, 2, new DeleteGroupsApi())
            .register(ApiKeys.OFFSET_DELETE, 0, 0, new OffsetDeleteApi())
            .register(ApiKeys.OFFSET_FOR_LEADER_EPOCH, 0, 4, new OffsetForLeaderEpochApi());
        // admin APIs: DeleteTopics by id from 6
        apis.register(ApiKeys.CREATE_TOPICS, 0, 7, new CreateTopicsApi())
            .register(ApiKeys.DELETE_TOPICS, 0, 6, new DeleteTopicsApi())
            .register(ApiKeys.CREATE_PARTITIONS, 0, 3, new CreatePartitionsApi())
            .register(ApiKeys.DELETE_RECORDS, 0, 2, new DeleteRecordsApi())
            .register(ApiKeys.DESCRIBE_CONFIGS, 0, 4, new DescribeConfigsApi())
            .register(ApiKeys.ALTER_CONFIGS, 0, 2, new AlterConfigsApi())
            .register(ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1, new IncrementalAlterConfigsApi())
            .register(ApiKeys.DESCRIBE_CLUSTER, 0, 1, new DescribeClusterApi(addresses, authorizedOperations))
            .register(ApiKeys.ELECT_LEADERS, 0, 2, new ElectLeadersApi())
            .register(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, 0, 0, new AlterPartitionReassignmentsApi())
            .register(ApiKeys.LIST_PARTITION_REASSIGNMENTS, 0, 0, new ListPartitionReassignmentsApi())
            .register(ApiKeys.DESCRIBE_LOG_DIRS, 0, 4, new DescribeLogDirsApi());
        // SASL: answered by KafkaSaslAuthenticator before authentication; these answer a repeat or a non-SASL listener
        apis.register(ApiKeys.SASL_HANDSHAKE, 0, 1, new SaslStateApi())
            .register(ApiKeys.SASL_AUTHENTICATE, 0, 2, new SaslStateApi())
            .register(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, 0, 0, new DescribeUserScramCredentialsApi())
            .register(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, 0, 0, new AlterUserScramCredentialsApi())
            .register(ApiKeys.DESCRIBE_CLIENT_QUOTAS, 0, 1, new DescribeClientQuotasApi())
            .register(ApiKeys.ALTER_CLIENT_QUOTAS, 0, 1, new AlterClientQuotasApi())
            .register(ApiKeys.CREATE_ACLS, 1, 3, new AclApis.CreateAclsApi())
            .register(ApiKeys.DESCRIBE_ACLS, 1, 3, new AclApis.DescribeAclsApi())
            .register(ApiKeys.DELETE_ACLS, 1, 3, new AclApis.DeleteAclsApi());
    }

    /** The pipeline of a new connection: Kafka's size-prefixed frames, the SASL exchange if any, the request handling. */
    /** The fetch sessions open on this listener now. */
    public int fetchSessionCount() {
        return fetchSessions.size();
    }

    /** The partitions those sessions hold. */
    public long fetchSessionPartitions() {
        return fetchSessions.partitionsCached();
    }

    public SocketServer.ConnectionSetup connectionSetup(int maxRequestBytes) {
        return (channel, threads, metrics, rejections, quotas) -> {
            channel.pipeline().addLast("frames", new FrameDecoder(maxRequestBytes));
            if (sasl != null) {
                channel.pipeline().addLast("sasl", new KafkaSaslAuthenticator(apis, sasl, rejections));
            }
            channel.pipeline().addLast("kafka-requests",
                new KafkaConnectionHandler(apis, dispatcher, threads, metrics, rejections, quotas));
        };
    }
}
