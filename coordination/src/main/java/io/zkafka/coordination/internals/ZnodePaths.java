package io.zkafka.coordination.internals;

import io.zkafka.common.TopicPartition;
import java.util.List;

/**
 * The ZooKeeper layout, every path relative to the chroot. Stateless.
 *
 * <pre>
 * /cluster/id                                   persistent  {"version":"1","id":"..."}
 * /brokers/ids                                  persistent  empty; its data version counts registrations
 * /brokers/ids/&lt;id&gt;                             ephemeral   broker host, port, rack, start time; czxid = broker epoch
 * /brokers/topics/&lt;topic&gt;                       persistent  replica assignment
 * /brokers/topics/&lt;topic&gt;/partitions/&lt;p&gt;/state persistent  leader, leader epoch, ISR, controller epoch
 * /controller/latch                             Curator LeaderLatch (children _c_...-latch-NNNNNNNNNN)
 * /controller_epoch                             persistent  the epoch as decimal text
 * /config/topics/&lt;topic&gt;                        persistent  topic config overrides
 * /admin/delete_topics/&lt;topic&gt;                  persistent  empty: a pending deletion
 * /admin/reassign_partitions                    persistent  a pending reassignment
 * /isr_change_notification/isr_change_NNNNNNNNNN persistent sequential: partitions whose ISR changed
 * /log_dir_event_notification/log_dir_event_NNNNNNNNNN persistent sequential: a broker's log dir failed
 * /brokers/offline_replicas/&lt;id&gt;                ephemeral   the partitions whose log dir failed on that broker
 * /latest_producer_id_block                     persistent  the last block of producer ids handed out
 * /kafka-acl/&lt;ResourceType&gt;/&lt;name&gt;             persistent  the LITERAL ACLs of one resource (Kafka's layout)
 * /kafka-acl-extended/prefixed/&lt;ResourceType&gt;/&lt;name&gt; persistent the PREFIXED ACLs of one name prefix
 * /kafka-acl-changes/acl_changes_NNNNNNNNNN     persistent sequential: a LITERAL resource whose ACLs changed
 * /kafka-acl-extended-changes/acl_changes_NNNNNNNNNN persistent sequential: a PREFIXED one
 * </pre>
 */
public final class ZnodePaths {
    public static final String CLUSTER_ID = "/cluster/id";
    public static final String BROKER_IDS = "/brokers/ids";
    public static final String BROKER_TOPICS = "/brokers/topics";
    public static final String CONTROLLER_LATCH = "/controller/latch";
    public static final String CONTROLLER_EPOCH = "/controller_epoch";
    public static final String CONFIG_TOPICS = "/config/topics";
    public static final String DELETE_TOPICS = "/admin/delete_topics";
    public static final String REASSIGN_PARTITIONS = "/admin/reassign_partitions";
    public static final String ISR_CHANGE_NOTIFICATION = "/isr_change_notification";
    public static final String ISR_CHANGE_PREFIX = "isr_change_";
    public static final String LATEST_PRODUCER_ID_BLOCK = "/latest_producer_id_block";
    public static final String LOG_DIR_EVENT_NOTIFICATION = "/log_dir_event_notification";
    public static final String LOG_DIR_EVENT_PREFIX = "log_dir_event_";
    public static final String OFFLINE_REPLICAS = "/brokers/offline_replicas";
    public static final String LITERAL_ACLS = "/kafka-acl";
    public static final String PREFIXED_ACLS = "/kafka-acl-extended/prefixed";
    public static final String LITERAL_ACL_CHANGES = "/kafka-acl-changes";
    public static final String PREFIXED_ACL_CHANGES = "/kafka-acl-extended-changes";
    public static final String ACL_CHANGE_PREFIX = "acl_changes_";

    /** Parents created at start-up, so that later creates never need to create parents. */
    public static final List<String> PERSISTENT_PARENTS = List.of(
        "/cluster", BROKER_IDS, BROKER_TOPICS, CONTROLLER_LATCH, CONFIG_TOPICS, DELETE_TOPICS, ISR_CHANGE_NOTIFICATION,
        LOG_DIR_EVENT_NOTIFICATION, OFFLINE_REPLICAS, LITERAL_ACLS, PREFIXED_ACLS, LITERAL_ACL_CHANGES,
        PREFIXED_ACL_CHANGES);

    private static final int MAX_TOPIC_LENGTH = 249;

    private ZnodePaths() {
    }

    public static String broker(int brokerId) {
        return BROKER_IDS + "/" + brokerId;
    }

    public static String topic(String topic) {
        return BROKER_TOPICS + "/" + checkTopic(topic);
    }

    public static String partitions(String topic) {
        return topic(topic) + "/partitions";
    }

    public static String partition(String topic, int partition) {
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition);
        }
        return partitions(topic) + "/" + partition;
    }

    public static String partitionState(TopicPartition tp) {
        return partition(tp.topic(), tp.partition()) + "/state";
    }

    public static String topicConfig(String topic) {
        return CONFIG_TOPICS + "/" + checkTopic(topic);
    }

    public static String deleteTopic(String topic) {
        return DELETE_TOPICS + "/" + checkTopic(topic);
    }

    public static String isrChangeNotification(String name) {
        if (!name.startsWith(ISR_CHANGE_PREFIX) || name.contains("/")) {
            throw new IllegalArgumentException("not an ISR change notification name: " + name);
        }
        return ISR_CHANGE_NOTIFICATION + "/" + name;
    }

    public static String logDirEventNotification(String name) {
        if (!name.startsWith(LOG_DIR_EVENT_PREFIX) || name.contains("/")) {
            throw new IllegalArgumentException("not a log dir event notification name: " + name);
        }
        return LOG_DIR_EVENT_NOTIFICATION + "/" + name;
    }

    public static String offlineReplicas(int brokerId) {
        return OFFLINE_REPLICAS + "/" + brokerId;
    }

    /** Kafka's topic name rule: 1-249 characters from [a-zA-Z0-9._-], not "." or "..". */
    public static String checkTopic(String topic) {
        if (topic == null || topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH
                || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("invalid topic name \"" + topic + "\"");
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
            if (!legal) {
                throw new IllegalArgumentException("invalid topic name \"" + topic + "\": illegal character '" + c + "'");
            }
        }
        return topic;
    }
}
