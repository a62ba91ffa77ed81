package io.zkafka.clients.admin;

import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.common.ElectionType;
import io.zkafka.common.Metric;
import io.zkafka.common.MetricName;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.acl.AclBinding;
import io.zkafka.common.acl.AclBindingFilter;
import io.zkafka.common.quota.ClientQuotaAlteration;
import io.zkafka.common.quota.ClientQuotaFilter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Administers topics, configs, consumer groups and transactions, as Kafka's {@code Admin}. Every method returns at once with a
 * result of futures; each operation is retried (moved controller, lost connection) within
 * {@code default.api.timeout.ms} and then fails with a timeout naming it.
 */
public interface Admin extends AutoCloseable {

    static Admin create(Properties props) {
        return KafkaAdminClient.createInternal(new AdminClientConfig(props));
    }

    static Admin create(Map<String, Object> conf) {
        return KafkaAdminClient.createInternal(new AdminClientConfig(conf));
    }

    CreateTopicsResult createTopics(Collection<NewTopic> newTopics);

    DeleteTopicsResult deleteTopics(Collection<String> topics);

    /** The topics, internal ones left out. */
    default ListTopicsResult listTopics() {
        return listTopics(new ListTopicsOptions());
    }

    /** The topics, with the internal ones when the options say so. */
    ListTopicsResult listTopics(ListTopicsOptions options);

    DescribeTopicsResult describeTopics(Collection<String> topicNames);

    CreatePartitionsResult createPartitions(Map<String, NewPartitions> newPartitions);

    DescribeClusterResult describeCluster();

    ListOffsetsResult listOffsets(Map<TopicPartition, OffsetSpec> topicPartitionOffsets);

    /** Deletes each partition's records below the offset given, on its leader (the log start moves up). */
    DeleteRecordsResult deleteRecords(Map<TopicPartition, RecordsToDelete> recordsToDelete);

    /** Each broker's log dirs: online ones with the replicas they hold, offline ones with their error. */
    DescribeLogDirsResult describeLogDirs(Collection<Integer> brokers);

    /** Every user's SCRAM credentials (mechanisms and iterations). */
    default DescribeUserScramCredentialsResult describeUserScramCredentials() {
        return describeUserScramCredentials(null);
    }

    /** These users' SCRAM credentials; null or empty: every user's. */
    DescribeUserScramCredentialsResult describeUserScramCredentials(List<String> users);

    /** Creates, replaces and deletes users' SCRAM credentials; every broker follows within a second. */
    AlterUserScramCredentialsResult alterUserScramCredentials(List<UserScramCredentialAlteration> alterations);

    /** The client quotas (user, client-id, user and client-id, defaults) of the entities {@code filter} matches. */
    DescribeClientQuotasResult describeClientQuotas(ClientQuotaFilter filter);

    /** Sets and removes client quotas; every broker follows within a second. */
    default AlterClientQuotasResult alterClientQuotas(Collection<ClientQuotaAlteration> entries) {
        return alterClientQuotas(entries, new AlterClientQuotasOptions());
    }

    /** Sets and removes client quotas, or only checks the changes when the options say so. */
    AlterClientQuotasResult alterClientQuotas(Collection<ClientQuotaAlteration> entries, AlterClientQuotasOptions options);

    /** The APIs each broker speaks, with the version range of each (the native ApiVersions). */
    ApiVersionsResult apiVersions(Collection<Integer> brokers);

    DescribeConfigsResult describeConfigs(Collection<ConfigResource> resources);

    AlterConfigsResult incrementalAlterConfigs(Map<ConfigResource, Collection<AlterConfigOp>> configs);

    /** Preferred or unclean leader elections of {@code partitions} (null: every partition). */
    ElectLeadersResult electLeaders(ElectionType electionType, Set<TopicPartition> partitions);

    /** Starts reassignments, or cancels them where the value is empty. */
    AlterPartitionReassignmentsResult alterPartitionReassignments(
        Map<TopicPartition, Optional<NewPartitionReassignment>> reassignments);

    /** Every reassignment in progress. */
    default ListPartitionReassignmentsResult listPartitionReassignments() {
        return listPartitionReassignments(null);
    }

    /** The reassignments in progress of {@code partitions} (null: all). */
    ListPartitionReassignmentsResult listPartitionReassignments(Set<TopicPartition> partitions);

    /** The consumer groups of every broker. */
    default ListConsumerGroupsResult listConsumerGroups() {
        return listConsumerGroups(new ListConsumerGroupsOptions());
    }

    /** The consumer groups of every broker in the given states. */
    ListConsumerGroupsResult listConsumerGroups(ListConsumerGroupsOptions options);

    /** State, assignor, coordinator and members of each group, from its coordinator. */
    DescribeConsumerGroupsResult describeConsumerGroups(Collection<String> groupIds);

    /** Deletes groups without members, with their committed offsets. */
    DeleteConsumerGroupsResult deleteConsumerGroups(Collection<String> groupIds);

    /** The group's committed offsets. */
    ListConsumerGroupOffsetsResult listConsumerGroupOffsets(String groupId);

    /** Commits these offsets for the group; refused (UNKNOWN_MEMBER_ID) while the group has members. */
    AlterConsumerGroupOffsetsResult alterConsumerGroupOffsets(String groupId,
                                                              Map<TopicPartition, OffsetAndMetadata> offsets);

    /** Deletes the group's offsets of these partitions (refused for topics a member subscribes to). */
    DeleteConsumerGroupOffsetsResult deleteConsumerGroupOffsets(String groupId, Set<TopicPartition> partitions);

    /** The producers each partition's leader keeps state for. */
    default DescribeProducersResult describeProducers(Collection<TopicPartition> partitions) {
        return describeProducers(partitions, new DescribeProducersOptions());
    }

    /** The producers each partition keeps state for, as its leader (or the broker the options name) has it. */
    DescribeProducersResult describeProducers(Collection<TopicPartition> partitions, DescribeProducersOptions options);

    /** The transactional ids every broker coordinates. */
    default ListTransactionsResult listTransactions() {
        return listTransactions(new ListTransactionsOptions());
    }

    /** The transactional ids every broker coordinates that pass the options' filters. */
    ListTransactionsResult listTransactions(ListTransactionsOptions options);

    /** State, producer id and epoch, timeout, start and partitions of each transactional id, from its coordinator. */
    DescribeTransactionsResult describeTransactions(Collection<String> transactionalIds);

    /**
     * Aborts a hanging transaction in one partition: its leader writes the abort marker for the
     * producer as a transaction coordinator would, which releases read_committed consumers.
     */
    AbortTransactionResult abortTransaction(AbortTransactionSpec spec);

    /** Bumps the epoch of each transactional id, fencing its live producers and aborting their open transactions. */
    default FenceProducersResult fenceProducers(Collection<String> transactionalIds) {
        return fenceProducers(transactionalIds, new FenceProducersOptions());
    }

    /** As {@link #fenceProducers(Collection)}, with the options' transaction timeout. */
    FenceProducersResult fenceProducers(Collection<String> transactionalIds, FenceProducersOptions options);

    /** The admin client's metrics, Kafka's names and groups (admin-client-metrics; see the clients README). */
    Map<MetricName, ? extends Metric> metrics();

    /** Stores ACL bindings (Alter on the cluster needed; SECURITY_DISABLED without an authorizer). */
    CreateAclsResult createAcls(Collection<AclBinding> acls);

    /** The stored ACL bindings {@code filter} matches (Describe on the cluster needed). */
    DescribeAclsResult describeAcls(AclBindingFilter filter);

    /** Removes the stored ACL bindings each filter matches (Alter on the cluster needed). */
    DeleteAclsResult deleteAcls(Collection<AclBindingFilter> filters);

    @Override
    default void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    void close(Duration timeout);
}
