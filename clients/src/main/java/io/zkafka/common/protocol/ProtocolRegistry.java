package io.zkafka.common.protocol;

import io.zkafka.common.message.AddOffsetsToTxnRequest;
import io.zkafka.common.message.AddOffsetsToTxnResponse;
import io.zkafka.common.message.AddPartitionsToTxnRequest;
import io.zkafka.common.message.AddPartitionsToTxnResponse;
import io.zkafka.common.message.AlterClientQuotasRequest;
import io.zkafka.common.message.AlterClientQuotasResponse;
import io.zkafka.common.message.AlterConfigsRequest;
import io.zkafka.common.message.AlterConfigsResponse;
import io.zkafka.common.message.AlterPartitionReassignmentsRequest;
import io.zkafka.common.message.AlterPartitionReassignmentsResponse;
import io.zkafka.common.message.ApiVersionsRequest;
import io.zkafka.common.message.ApiVersionsResponse;
import io.zkafka.common.message.ControlledShutdownRequest;
import io.zkafka.common.message.ControlledShutdownResponse;
import io.zkafka.common.message.CreateAclsRequest;
import io.zkafka.common.message.CreateAclsResponse;
import io.zkafka.common.message.CreatePartitionsRequest;
import io.zkafka.common.message.CreatePartitionsResponse;
import io.zkafka.common.message.CreateTopicsRequest;
import io.zkafka.common.message.CreateTopicsResponse;
import io.zkafka.common.message.DeleteAclsRequest;
import io.zkafka.common.message.DeleteAclsResponse;
import io.zkafka.common.message.DeleteGroupsRequest;
import io.zkafka.common.message.DeleteGroupsResponse;
import io.zkafka.common.message.DeleteRecordsRequest;
import io.zkafka.common.message.DeleteRecordsResponse;
import io.zkafka.common.message.DeleteTopicsRequest;
import io.zkafka.common.message.DeleteTopicsResponse;
import io.zkafka.common.message.AlterUserScramCredentialsRequest;
import io.zkafka.common.message.AlterUserScramCredentialsResponse;
import io.zkafka.common.message.DescribeAclsRequest;
import io.zkafka.common.message.DescribeAclsResponse;
import io.zkafka.common.message.DescribeClientQuotasRequest;
import io.zkafka.common.message.DescribeClientQuotasResponse;
import io.zkafka.common.message.DescribeClusterRequest;
import io.zkafka.common.message.DescribeClusterResponse;
import io.zkafka.common.message.DescribeConfigsRequest;
import io.zkafka.common.message.DescribeConfigsResponse;
import io.zkafka.common.message.DescribeGroupsRequest;
import io.zkafka.common.message.DescribeGroupsResponse;
import io.zkafka.common.message.DescribeLogDirsRequest;
import io.zkafka.common.message.DescribeLogDirsResponse;
import io.zkafka.common.message.DescribeProducersRequest;
import io.zkafka.common.message.DescribeProducersResponse;
import io.zkafka.common.message.DescribeTransactionsRequest;
import io.zkafka.common.message.DescribeTransactionsResponse;
import io.zkafka.common.message.DescribeUserScramCredentialsRequest;
import io.zkafka.common.message.DescribeUserScramCredentialsResponse;
import io.zkafka.common.message.ElectLeadersRequest;
import io.zkafka.common.message.ElectLeadersResponse;
import io.zkafka.common.message.EndTxnRequest;
import io.zkafka.common.message.EndTxnResponse;
import io.zkafka.common.message.FetchRequest;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.message.FindCoordinatorRequest;
import io.zkafka.common.message.FindCoordinatorResponse;
import io.zkafka.common.message.HeartbeatRequest;
import io.zkafka.common.message.HeartbeatResponse;
import io.zkafka.common.message.InitProducerIdRequest;
import io.zkafka.common.message.InitProducerIdResponse;
import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.LeaveGroupRequest;
import io.zkafka.common.message.LeaveGroupResponse;
import io.zkafka.common.message.ListGroupsRequest;
import io.zkafka.common.message.ListGroupsResponse;
import io.zkafka.common.message.ListOffsetsRequest;
import io.zkafka.common.message.ListOffsetsResponse;
import io.zkafka.common.message.ListPartitionReassignmentsRequest;
import io.zkafka.common.message.ListPartitionReassignmentsResponse;
import io.zkafka.common.message.ListTransactionsRequest;
import io.zkafka.common.message.ListTransactionsResponse;
import io.zkafka.common.message.MetadataRequest;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.message.OffsetCommitRequest;
import io.zkafka.common.message.OffsetCommitResponse;
import io.zkafka.common.message.OffsetDeleteRequest;
import io.zkafka.common.message.OffsetDeleteResponse;
import io.zkafka.common.message.OffsetFetchRequest;
import io.zkafka.common.message.OffsetFetchResponse;
import io.zkafka.common.message.OffsetForLeaderEpochRequest;
import io.zkafka.common.message.OffsetForLeaderEpochResponse;
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.message.SaslAuthenticateRequest;
import io.zkafka.common.message.SaslAuthenticateResponse;
import io.zkafka.common.message.SaslHandshakeRequest;
import io.zkafka.common.message.SaslHandshakeResponse;
import io.zkafka.common.message.SyncGroupRequest;
import io.zkafka.common.message.SyncGroupResponse;
import io.zkafka.common.message.TxnOffsetCommitRequest;
import io.zkafka.common.message.TxnOffsetCommitResponse;
import io.zkafka.common.message.WriteTxnMarkersRequest;
import io.zkafka.common.message.WriteTxnMarkersResponse;
import java.util.EnumMap;
import java.util.Map;

/**
 * The schema of the protocol: every class that may be read from the wire, with its fixed Kryo id
 * and its serializer. Kryo runs with registration required, so nothing else can be instantiated
 * from a frame. Ids are derived from Kafka's api keys: request {@code 1000 + 2 * apiKey}, response
 * {@code 1001 + 2 * apiKey}. An id, once shipped, never changes meaning.
 */
public final class ProtocolRegistry {
    private static final int FIRST_MESSAGE_ID = 1000;

    private record Binding(Class<? extends Message> requestClass, MessageSerializer<?> requestSerializer,
                           Class<? extends Message> responseClass, MessageSerializer<?> responseSerializer) {
    }

    private static final Map<ApiKeys, Binding> BINDINGS = new EnumMap<>(ApiKeys.class);

    static {
        bind(ApiKeys.API_VERSIONS, ApiVersionsRequest.class, new ApiVersionsRequest.Serializer(),
            ApiVersionsResponse.class, new ApiVersionsResponse.Serializer());
        bind(ApiKeys.METADATA, MetadataRequest.class, new MetadataRequest.Serializer(),
            MetadataResponse.class, new MetadataResponse.Serializer());
        bind(ApiKeys.PRODUCE, ProduceRequest.class, new ProduceRequest.Serializer(),
            ProduceResponse.class, new ProduceResponse.Serializer());
        bind(ApiKeys.FETCH, FetchRequest.class, new FetchRequest.Serializer(),
            FetchResponse.class, new FetchResponse.Serializer());
        bind(ApiKeys.OFFSET_FOR_LEADER_EPOCH, OffsetForLeaderEpochRequest.class,
            new OffsetForLeaderEpochRequest.Serializer(), OffsetForLeaderEpochResponse.class,
            new OffsetForLeaderEpochResponse.Serializer());
        bind(ApiKeys.LIST_OFFSETS, ListOffsetsRequest.class, new ListOffsetsRequest.Serializer(),
            ListOffsetsResponse.class, new ListOffsetsResponse.Serializer());
        bind(ApiKeys.CREATE_TOPICS, CreateTopicsRequest.class, new CreateTopicsRequest.Serializer(),
            CreateTopicsResponse.class, new CreateTopicsResponse.Serializer());
        bind(ApiKeys.DELETE_TOPICS, DeleteTopicsRequest.class, new DeleteTopicsRequest.Serializer(),
            DeleteTopicsResponse.class, new DeleteTopicsResponse.Serializer());
        bind(ApiKeys.CREATE_PARTITIONS, CreatePartitionsRequest.class, new CreatePartitionsRequest.Serializer(),
            CreatePartitionsResponse.class, new CreatePartitionsResponse.Serializer());
        bind(ApiKeys.DESCRIBE_CLUSTER, DescribeClusterRequest.class, new DescribeClusterRequest.Serializer(),
            DescribeClusterResponse.class, new DescribeClusterResponse.Serializer());
        bind(ApiKeys.DESCRIBE_CONFIGS, DescribeConfigsRequest.class, new DescribeConfigsRequest.Serializer(),
            DescribeConfigsResponse.class, new DescribeConfigsResponse.Serializer());
        bind(ApiKeys.ALTER_CONFIGS, AlterConfigsRequest.class, new AlterConfigsRequest.Serializer(),
            AlterConfigsResponse.class, new AlterConfigsResponse.Serializer());
        bind(ApiKeys.CONTROLLED_SHUTDOWN, ControlledShutdownRequest.class, new ControlledShutdownRequest.Serializer(),
            ControlledShutdownResponse.class, new ControlledShutdownResponse.Serializer());
        bind(ApiKeys.ELECT_LEADERS, ElectLeadersRequest.class, new ElectLeadersRequest.Serializer(),
            ElectLeadersResponse.class, new ElectLeadersResponse.Serializer());
        bind(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, AlterPartitionReassignmentsRequest.class,
            new AlterPartitionReassignmentsRequest.Serializer(), AlterPartitionReassignmentsResponse.class,
            new AlterPartitionReassignmentsResponse.Serializer());
        bind(ApiKeys.LIST_PARTITION_REASSIGNMENTS, ListPartitionReassignmentsRequest.class,
            new ListPartitionReassignmentsRequest.Serializer(), ListPartitionReassignmentsResponse.class,
            new ListPartitionReassignmentsResponse.Serializer());
        bind(ApiKeys.FIND_COORDINATOR, FindCoordinatorRequest.class, new FindCoordinatorRequest.Serializer(),
            FindCoordinatorResponse.class, new FindCoordinatorResponse.Serializer());
        bind(ApiKeys.JOIN_GROUP, JoinGroupRequest.class, new JoinGroupRequest.Serializer(),
            JoinGroupResponse.class, new JoinGroupResponse.Serializer());
        bind(ApiKeys.HEARTBEAT, HeartbeatRequest.class, new HeartbeatRequest.Serializer(),
            HeartbeatResponse.class, new HeartbeatResponse.Serializer());
        bind(ApiKeys.LEAVE_GROUP, LeaveGroupRequest.class, new LeaveGroupRequest.Serializer(),
            LeaveGroupResponse.class, new LeaveGroupResponse.Serializer());
        bind(ApiKeys.SYNC_GROUP, SyncGroupRequest.class, new SyncGroupRequest.Serializer(),
            SyncGroupResponse.class, new SyncGroupResponse.Serializer());
        bind(ApiKeys.OFFSET_COMMIT, OffsetCommitRequest.class, new OffsetCommitRequest.Serializer(),
            OffsetCommitResponse.class, new OffsetCommitResponse.Serializer());
        bind(ApiKeys.OFFSET_FETCH, OffsetFetchRequest.class, new OffsetFetchRequest.Serializer(),
            OffsetFetchResponse.class, new OffsetFetchResponse.Serializer());
        bind(ApiKeys.LIST_GROUPS, ListGroupsRequest.class, new ListGroupsRequest.Serializer(),
            ListGroupsResponse.class, new ListGroupsResponse.Serializer());
        bind(ApiKeys.DESCRIBE_GROUPS, DescribeGroupsRequest.class, new DescribeGroupsRequest.Serializer(),
            DescribeGroupsResponse.class, new DescribeGroupsResponse.Serializer());
        bind(ApiKeys.DELETE_GROUPS, DeleteGroupsRequest.class, new DeleteGroupsRequest.Serializer(),
            DeleteGroupsResponse.class, new DeleteGroupsResponse.Serializer());
        bind(ApiKeys.OFFSET_DELETE, OffsetDeleteRequest.class, new OffsetDeleteRequest.Serializer(),
            OffsetDeleteResponse.class, new OffsetDeleteResponse.Serializer());
        bind(ApiKeys.INIT_PRODUCER_ID, InitProducerIdRequest.class, new InitProducerIdRequest.Serializer(),
            InitProducerIdResponse.class, new InitProducerIdResponse.Serializer());
        bind(ApiKeys.WRITE_TXN_MARKERS, WriteTxnMarkersRequest.class, new WriteTxnMarkersRequest.Serializer(),
            WriteTxnMarkersResponse.class, new WriteTxnMarkersResponse.Serializer());
        bind(ApiKeys.ADD_PARTITIONS_TO_TXN, AddPartitionsToTxnRequest.class, new AddPartitionsToTxnRequest.Serializer(),
            AddPartitionsToTxnResponse.class, new AddPartitionsToTxnResponse.Serializer());
        bind(ApiKeys.ADD_OFFSETS_TO_TXN, AddOffsetsToTxnRequest.class, new AddOffsetsToTxnRequest.Serializer(),
            AddOffsetsToTxnResponse.class, new AddOffsetsToTxnResponse.Serializer());
        bind(ApiKeys.END_TXN, EndTxnRequest.class, new EndTxnRequest.Serializer(),
            EndTxnResponse.class, new EndTxnResponse.Serializer());
        bind(ApiKeys.TXN_OFFSET_COMMIT, TxnOffsetCommitRequest.class, new TxnOffsetCommitRequest.Serializer(),
            TxnOffsetCommitResponse.class, new TxnOffsetCommitResponse.Serializer());
        bind(ApiKeys.DESCRIBE_TRANSACTIONS, DescribeTransactionsRequest.class,
            new DescribeTransactionsRequest.Serializer(), DescribeTransactionsResponse.class,
            new DescribeTransactionsResponse.Serializer());
        bind(ApiKeys.LIST_TRANSACTIONS, ListTransactionsRequest.class, new ListTransactionsRequest.Serializer(),
            ListTransactionsResponse.class, new ListTransactionsResponse.Serializer());
        bind(ApiKeys.DESCRIBE_PRODUCERS, DescribeProducersRequest.class, new DescribeProducersRequest.Serializer(),
            DescribeProducersResponse.class, new DescribeProducersResponse.Serializer());
        bind(ApiKeys.DELETE_RECORDS, DeleteRecordsRequest.class, new DeleteRecordsRequest.Serializer(),
            DeleteRecordsResponse.class, new DeleteRecordsResponse.Serializer());
        bind(ApiKeys.DESCRIBE_LOG_DIRS, DescribeLogDirsRequest.class, new DescribeLogDirsRequest.Serializer(),
            DescribeLogDirsResponse.class, new DescribeLogDirsResponse.Serializer());
        bind(ApiKeys.SASL_HANDSHAKE, SaslHandshakeRequest.class, new SaslHandshakeRequest.Serializer(),
            SaslHandshakeResponse.class, new SaslHandshakeResponse.Serializer());
        bind(ApiKeys.SASL_AUTHENTICATE, SaslAuthenticateRequest.class, new SaslAuthenticateRequest.Serializer(),
            SaslAuthenticateResponse.class, new SaslAuthenticateResponse.Serializer());
        bind(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, DescribeUserScramCredentialsRequest.class,
            new DescribeUserScramCredentialsRequest.Serializer(), DescribeUserScramCredentialsResponse.class,
            new DescribeUserScramCredentialsResponse.Serializer());
        bind(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, AlterUserScramCredentialsRequest.class,
            new AlterUserScramCredentialsRequest.Serializer(), AlterUserScramCredentialsResponse.class,
            new AlterUserScramCredentialsResponse.Serializer());
        bind(ApiKeys.DESCRIBE_CLIENT_QUOTAS, DescribeClientQuotasRequest.class,
            new DescribeClientQuotasRequest.Serializer(), DescribeClientQuotasResponse.class,
            new DescribeClientQuotasResponse.Serializer());
        bind(ApiKeys.ALTER_CLIENT_QUOTAS, AlterClientQuotasRequest.class, new AlterClientQuotasRequest.Serializer(),
            AlterClientQuotasResponse.class, new AlterClientQuotasResponse.Serializer());
        bind(ApiKeys.CREATE_ACLS, CreateAclsRequest.class, new CreateAclsRequest.Serializer(),
            CreateAclsResponse.class, new CreateAclsResponse.Serializer());
        bind(ApiKeys.DESCRIBE_ACLS, DescribeAclsRequest.class, new DescribeAclsRequest.Serializer(),
            DescribeAclsResponse.class, new DescribeAclsResponse.Serializer());
        bind(ApiKeys.DELETE_ACLS, DeleteAclsRequest.class, new DeleteAclsRequest.Serializer(),
            DeleteAclsResponse.class, new DeleteAclsResponse.Serializer());
    }

    private ProtocolRegistry() {
    }

    private static <Q extends Message, R extends Message> void bind(ApiKeys key, Class<Q> requestClass,
                                                                      MessageSerializer<Q> requestSerializer,
                                                                      Class<R> responseClass,
                                                                      MessageSerializer<R> responseSerializer) {
        BINDINGS.put(key, new Binding(requestClass, requestSerializer, responseClass, responseSerializer));
    }

    /** Whether this build can read and write the API at all. */
    public static boolean isBound(ApiKeys key) {
        return BINDINGS.containsKey(key);
    }

    public static Class<? extends Message> requestClass(ApiKeys key) {
        return binding(key).requestClass;
    }

    public static Class<? extends Message> responseClass(ApiKeys key) {
        return binding(key).responseClass;
    }

    private static Binding binding(ApiKeys key) {
        Binding binding = BINDINGS.get(key);
        if (binding == null) {
            throw new IllegalArgumentException("No message classes bound for " + key);
        }
        return binding;
    }

    /** A Kryo that knows exactly the protocol's classes. Kryo is not thread-safe: one per codec. */
    public static ProtocolKryo newKryo() {
        ProtocolKryo kryo = new ProtocolKryo();
        for (Map.Entry<ApiKeys, Binding> entry : BINDINGS.entrySet()) {
            int base = FIRST_MESSAGE_ID + 2 * entry.getKey().id;
            Binding binding = entry.getValue();
            kryo.register(binding.requestClass, binding.requestSerializer, base);
            kryo.register(binding.responseClass, binding.responseSerializer, base + 1);
        }
        return kryo;
    }
}
