package io.zkafka.coordination.internals;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.BrokerConfigOverrides;
import io.zkafka.coordination.ClientQuotaEntity;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * /config/users/&lt;user, URL-encoded&gt;           persistent  a user's config: its salted SCRAM credentials, its quotas
 * /config/users/&lt;user&gt;/clients/&lt;client id&gt;    persistent  the quotas of a user's client id (both URL-encoded)
 * /config/clients/&lt;client id, URL-encoded&gt;     persistent  the quotas of a client id; &lt;default&gt; names a default
 * /config/changes/config_change_NNNNNNNNNN      persistent sequential: Kafka's notice that an entity's config changed
 * /admin/delete_topics/&lt;topic&gt;                  persistent  empty: a pending deletion
 * /admin/reassign_partitions                    persistent  a pending reassignment
 * /isr_change_notification/isr_change_NNNNNNNNNN persistent sequential: partitions whose ISR changed
 * /log_dir_event_notification/log_dir_event_NNNNNNNNNN persistent sequential: a broker's log dir failed
 * /brokers/offline_replicas/&lt;id&gt;                ephemeral   the partitions whose log dir failed on that broker
 * /latest_producer_id_block                     persistent  the last block of producer ids handed out
 * /config/users, /config/brokers                persistent  users' and brokers' config entities (SCRAM credentials):
 *                                                           sensitive, never world-readable under zookeeper.set.acl
 * /config/clients                               persistent  client ids' quotas: not sensitive (as in Kafka)
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
    /** The entity of the cluster-wide dynamic broker defaults under {@link #CONFIG_BROKERS}, as Kafka names it. */
    public static final String DEFAULT_BROKER_ENTITY = BrokerConfigOverrides.DEFAULT_ENTITY;
    public static final String CONFIG_CHANGES = "/config/changes";
    public static final String CONFIG_CHANGE_PREFIX = "config_change_";
    public static final String DELETE_TOPICS = "/admin/delete_topics";
    public static final String REASSIGN_PARTITIONS = "/admin/reassign_partitions";
    public static final String ISR_CHANGE_NOTIFICATION = "/isr_change_notification";
    public static final String ISR_CHANGE_PREFIX = "isr_change_";
    public static final String LATEST_PRODUCER_ID_BLOCK = "/latest_producer_id_block";
    public static final String LOG_DIR_EVENT_NOTIFICATION = "/log_dir_event_notification";
    public static final String LOG_DIR_EVENT_PREFIX = "log_dir_event_";
    public static final String OFFLINE_REPLICAS = "/brokers/offline_replicas";
    public static final String CONFIG_USERS = "/config/users";
    public static final String CONFIG_BROKERS = "/config/brokers";
    public static final String CONFIG_CLIENTS = "/config/clients";
    /** The folder of a user's per-client-id quota entities: {@code /config/users/<user>/clients}. */
    public static final String USER_CLIENTS = "clients";
    public static final String DELEGATION_TOKENS = "/delegation_token";

    /**
     * The subtrees holding secrets (users' SCRAM credentials, brokers' config, delegation tokens):
     * under {@code zookeeper.set.acl} only the brokers' identity may read them, as in Kafka.
     */
    public static final List<String> SENSITIVE_ROOTS = List.of(CONFIG_USERS, CONFIG_BROKERS, DELEGATION_TOKENS);
    public static final String LITERAL_ACLS = "/kafka-acl";
    public static final String PREFIXED_ACLS = "/kafka-acl-extended/prefixed";
    public static final String LITERAL_ACL_CHANGES = "/kafka-acl-changes";
    public static final String PREFIXED_ACL_CHANGES = "/kafka-acl-extended-changes";
    public static final String ACL_CHANGE_PREFIX = "acl_changes_";

    /** Parents created at start-up, so that later creates never need to create parents. */
    public static final List<String> PERSISTENT_PARENTS = List.of(
        "/cluster", BROKER_IDS, BROKER_TOPICS, CONTROLLER_LATCH, CONFIG_TOPICS, DELETE_TOPICS, ISR_CHANGE_NOTIFICATION,
        LOG_DIR_EVENT_NOTIFICATION, OFFLINE_REPLICAS, CONFIG_USERS, CONFIG_BROKERS, CONFIG_CLIENTS, CONFIG_CHANGES, LITERAL_ACLS,
        PREFIXED_ACLS, LITERAL_ACL_CHANGES, PREFIXED_ACL_CHANGES);

    private static final int MAX_TOPIC_LENGTH = 249;

    private ZnodePaths() {
    }

    /** Whether {@code path} (relative to the chroot) is a sensitive root or lies under one. */
    public static boolean isSensitive(String path) {
        for (String root : SENSITIVE_ROOTS) {
            if (path.equals(root) || path.startsWith(root + "/")) {
                return true;
            }
        }
        return false;
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

    /** {@code /config/brokers/<broker id>}, or {@code /config/brokers/<default>} for the cluster-wide defaults. */
    public static String brokerConfig(String entity) {
        if (!entity.equals(DEFAULT_BROKER_ENTITY)) {
            try {
                if (Integer.parseInt(entity) < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("A broker config entity is a broker id or " + DEFAULT_BROKER_ENTITY
                    + ", not '" + entity + "'");
            }
        }
        return CONFIG_BROKERS + "/" + entity;
    }

    /** A user's config znode; the name is URL-encoded as Kafka's {@code Sanitizer} does (space as %20, * as %2A). */
    public static String userConfig(String user) {
        return CONFIG_USERS + "/" + sanitizeUser(user);
    }

    public static String sanitizeUser(String user) {
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("a user name must not be empty");
        }
        return URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }

    public static String desanitizeUser(String sanitized) {
        return URLDecoder.decode(sanitized, StandardCharsets.UTF_8);
    }

    /**
     * A client quota entity's path under {@code /config}, which is also the entity path of its change
     * notification: {@code users/<user>}, {@code clients/<client id>} or {@code users/<user>/clients/<client id>},
     * each name sanitized as Kafka does and {@code <default>} as it is.
     */
    public static String quotaEntityPath(ClientQuotaEntity entity) {
        if (entity.user() == null) {
            return "clients/" + sanitizeQuotaName(entity.clientId());
        }
        String user = "users/" + sanitizeQuotaName(entity.user());
        return entity.clientId() == null ? user : user + "/" + USER_CLIENTS + "/" + sanitizeQuotaName(entity.clientId());
    }

    /** The znode of a client quota entity: {@code /config/} and its {@link #quotaEntityPath}. */
    public static String quotaConfig(ClientQuotaEntity entity) {
        return "/config/" + quotaEntityPath(entity);
    }

    /**
     * The client quota entity a znode under {@code /config/users} or {@code /config/clients} is, or null for
     * anything else (the roots, a user's {@code clients} folder, a name that does not decode).
     */
    public static ClientQuotaEntity quotaEntity(String path) {
        try {
            if (path.startsWith(CONFIG_USERS + "/")) {
                String[] parts = path.substring(CONFIG_USERS.length() + 1).split("/", -1);
                if (parts.length == 1) {
                    return new ClientQuotaEntity(desanitizeQuotaName(parts[0]), null);
                }
                if (parts.length == 3 && parts[1].equals(USER_CLIENTS)) {
                    return new ClientQuotaEntity(desanitizeQuotaName(parts[0]), desanitizeQuotaName(parts[2]));
                }
            } else if (path.startsWith(CONFIG_CLIENTS + "/")) {
                String[] parts = path.substring(CONFIG_CLIENTS.length() + 1).split("/", -1);
                if (parts.length == 1) {
                    return new ClientQuotaEntity(null, desanitizeQuotaName(parts[0]));
                }
            }
        } catch (IllegalArgumentException e) {
            // an empty or badly encoded name: not an entity
        }
        return null;
    }

    /** A user or client id name in a quota entity's path: {@code <default>} as it is, anything else sanitized. */
    public static String sanitizeQuotaName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a quota entity's user or client id must not be empty");
        }
        return ClientQuotaEntity.DEFAULT.equals(name) ? name : sanitizeUser(name);
    }

    public static String desanitizeQuotaName(String sanitized) {
        if (sanitized.isEmpty()) {
            throw new IllegalArgumentException("an entity name must not be empty");
        }
        return ClientQuotaEntity.DEFAULT.equals(sanitized) ? sanitized : desanitizeUser(sanitized);
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
