package io.zkafka.config;

import static io.zkafka.common.config.ConfigDef.Importance.HIGH;
import static io.zkafka.common.config.ConfigDef.Importance.LOW;
import static io.zkafka.common.config.ConfigDef.Importance.MEDIUM;
import static io.zkafka.common.config.ConfigDef.Type.BOOLEAN;
import static io.zkafka.common.config.ConfigDef.Type.INT;
import static io.zkafka.common.config.ConfigDef.Type.LIST;
import static io.zkafka.common.config.ConfigDef.Type.LONG;
import static io.zkafka.common.config.ConfigDef.Type.PASSWORD;
import static io.zkafka.common.config.ConfigDef.Type.STRING;

import io.zkafka.common.config.AbstractConfig;
import io.zkafka.common.config.ConfigDef;
import io.zkafka.common.config.ConfigException;
import io.zkafka.common.config.Validators;
import io.zkafka.common.security.JaasConfig;
import io.zkafka.common.security.SaslClientConfig;
import io.zkafka.common.security.KafkaPrincipal;
import io.zkafka.common.security.SslConfigs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The broker's configuration: Kafka's key names, units and defaults wherever Kafka has the same
 * setting, so a Kafka {@code server.properties} reads the same. Parsed once at start-up; a bad value
 * fails start-up with a message naming the key.
 */
public final class KafkaConfig extends AbstractConfig {
    public static final String BROKER_ID = "broker.id";
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String LISTENER_SECURITY_PROTOCOL_MAP = "listener.security.protocol.map";
    public static final String NATIVE_LISTENER_NAME = "native.listener.name";
    public static final String SECURITY_INTER_BROKER_PROTOCOL = "security.inter.broker.protocol";
    public static final String INTER_BROKER_LISTENER_NAME = "inter.broker.listener.name";
    /** Kafka's per-listener override prefix: listener.name.&lt;name in lower case&gt;.ssl.keystore.location and so on. */
    public static final String LISTENER_PREFIX = "listener.name.";
    public static final String SASL_ENABLED_MECHANISMS = "sasl.enabled.mechanisms";
    public static final String SASL_JAAS_CONFIG = "sasl.jaas.config";
    public static final String SASL_MECHANISM_INTER_BROKER_PROTOCOL = "sasl.mechanism.inter.broker.protocol";
    public static final String BROKER_RACK = "broker.rack";
    public static final String LOG_DIRS = "log.dirs";
    public static final String LOG_DIR = "log.dir";
    public static final String ZOOKEEPER_CONNECT = "zookeeper.connect";
    public static final String ZOOKEEPER_SESSION_TIMEOUT_MS = "zookeeper.session.timeout.ms";
    public static final String ZOOKEEPER_CONNECTION_TIMEOUT_MS = "zookeeper.connection.timeout.ms";
    public static final String ZOOKEEPER_SET_ACL = "zookeeper.set.acl";
    public static final String ZOOKEEPER_SSL_CLIENT_ENABLE = "zookeeper.ssl.client.enable";
    public static final String ZOOKEEPER_CLIENT_CNXN_SOCKET = "zookeeper.clientCnxnSocket";
    public static final String ZOOKEEPER_SSL_KEYSTORE_LOCATION = "zookeeper.ssl.keystore.location";
    public static final String ZOOKEEPER_SSL_KEYSTORE_PASSWORD = "zookeeper.ssl.keystore.password";
    public static final String ZOOKEEPER_SSL_KEYSTORE_TYPE = "zookeeper.ssl.keystore.type";
    public static final String ZOOKEEPER_SSL_TRUSTSTORE_LOCATION = "zookeeper.ssl.truststore.location";
    public static final String ZOOKEEPER_SSL_TRUSTSTORE_PASSWORD = "zookeeper.ssl.truststore.password";
    public static final String ZOOKEEPER_SSL_TRUSTSTORE_TYPE = "zookeeper.ssl.truststore.type";
    public static final String ZOOKEEPER_SSL_ENABLED_PROTOCOLS = "zookeeper.ssl.enabled.protocols";
    public static final String ZOOKEEPER_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM =
        "zookeeper.ssl.endpoint.identification.algorithm";
    public static final String NUM_NETWORK_THREADS = "num.network.threads";
    public static final String NUM_IO_THREADS = "num.io.threads";
    public static final String NETWORK_THREADS_SERVE_PRODUCE_FETCH = "network.threads.serve.produce.fetch";
    public static final String MAX_INCREMENTAL_FETCH_SESSION_CACHE_SLOTS = "max.incremental.fetch.session.cache.slots";
    public static final String MIN_INCREMENTAL_FETCH_SESSION_EVICTION_MS = "min.incremental.fetch.session.eviction.ms";
    public static final String QUOTA_WINDOW_NUM = "quota.window.num";
    public static final String QUOTA_WINDOW_SIZE_SECONDS = "quota.window.size.seconds";
    public static final String NUM_RECOVERY_THREADS = "num.recovery.threads.per.data.dir";
    public static final String LOG_DIR_FREE_BYTES_WARNING_THRESHOLD = "log.dir.free.bytes.warning.threshold";
    public static final String LOG_DIR_FREE_BYTES_CHECK_INTERVAL_MS = "log.dir.free.bytes.check.interval.ms";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String AUTO_CREATE_TOPICS_ENABLE = "auto.create.topics.enable";
    public static final String DELETE_TOPIC_ENABLE = "delete.topic.enable";
    public static final String MESSAGE_MAX_BYTES = "message.max.bytes";
    public static final String LOG_SEGMENT_BYTES = "log.segment.bytes";
    public static final String LOG_ROLL_HOURS = "log.roll.hours";
    public static final String LOG_ROLL_MS = "log.roll.ms";
    public static final String LOG_RETENTION_HOURS = "log.retention.hours";
    public static final String LOG_RETENTION_MINUTES = "log.retention.minutes";
    public static final String LOG_RETENTION_MS = "log.retention.ms";
    public static final String LOG_RETENTION_BYTES = "log.retention.bytes";
    public static final String LOG_RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String LOG_FLUSH_INTERVAL_MESSAGES = "log.flush.interval.messages";
    public static final String LOG_FLUSH_INTERVAL_MS = "log.flush.interval.ms";
    public static final String LOG_INDEX_INTERVAL_BYTES = "log.index.interval.bytes";
    public static final String LOG_INDEX_SIZE_MAX_BYTES = "log.index.size.max.bytes";
    public static final String LOG_CLEANUP_POLICY = "log.cleanup.policy";
    public static final String LOG_CLEANER_DELETE_RETENTION_MS = "log.cleaner.delete.retention.ms";
    public static final String LOG_CLEANER_BACKOFF_MS = "log.cleaner.backoff.ms";
    public static final String LOG_CLEANER_ENABLE = "log.cleaner.enable";
    public static final String LOG_CLEANER_DEDUPE_BUFFER_SIZE = "log.cleaner.dedupe.buffer.size";
    public static final String LOG_MESSAGE_TIMESTAMP_TYPE = "log.message.timestamp.type";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";
    public static final String REPLICA_LAG_TIME_MAX_MS = "replica.lag.time.max.ms";
    public static final String REPLICA_FETCH_WAIT_MAX_MS = "replica.fetch.wait.max.ms";
    public static final String REPLICA_FETCH_MAX_BYTES = "replica.fetch.max.bytes";
    public static final String REPLICA_FETCH_RESPONSE_MAX_BYTES = "replica.fetch.response.max.bytes";
    public static final String REPLICA_FETCH_BACKOFF_MS = "replica.fetch.backoff.ms";
    public static final String REPLICA_SOCKET_TIMEOUT_MS = "replica.socket.timeout.ms";
    public static final String CONTROLLED_SHUTDOWN_ENABLE = "controlled.shutdown.enable";
    public static final String CONTROLLED_SHUTDOWN_MAX_RETRIES = "controlled.shutdown.max.retries";
    public static final String CONTROLLED_SHUTDOWN_RETRY_BACKOFF_MS = "controlled.shutdown.retry.backoff.ms";
    public static final String BROKER_FAILURE_DETECTION_ENABLE = "broker.failure.detection.enable";
    public static final String AUTO_LEADER_REBALANCE_ENABLE = "auto.leader.rebalance.enable";
    public static final String LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS = "leader.imbalance.check.interval.seconds";
    public static final String LEADER_IMBALANCE_PER_BROKER_PERCENTAGE = "leader.imbalance.per.broker.percentage";
    public static final String METRICS_JMX_ENABLE = "metrics.jmx.enable";
    public static final String METRICS_PROMETHEUS_PORT = "metrics.prometheus.port";
    public static final String METRICS_PROMETHEUS_HOST = "metrics.prometheus.host";
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    public static final String OFFSETS_TOPIC_REPLICATION_FACTOR = "offsets.topic.replication.factor";
    public static final String OFFSETS_TOPIC_SEGMENT_BYTES = "offsets.topic.segment.bytes";
    public static final String OFFSETS_COMMIT_TIMEOUT_MS = "offsets.commit.timeout.ms";
    public static final String OFFSET_METADATA_MAX_BYTES = "offset.metadata.max.bytes";
    public static final String OFFSETS_RETENTION_MINUTES = "offsets.retention.minutes";
    public static final String OFFSETS_RETENTION_MS = "offsets.retention.ms";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS = "offsets.retention.check.interval.ms";
    public static final String GROUP_LAG_REFRESH_INTERVAL_MS = "group.lag.refresh.interval.ms";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String PRODUCER_ID_EXPIRATION_MS = "producer.id.expiration.ms";
    public static final String PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS = "producer.id.expiration.check.interval.ms";
    public static final String TRANSACTION_STATE_LOG_NUM_PARTITIONS = "transaction.state.log.num.partitions";
    public static final String TRANSACTION_STATE_LOG_REPLICATION_FACTOR = "transaction.state.log.replication.factor";
    public static final String TRANSACTION_STATE_LOG_MIN_ISR = "transaction.state.log.min.isr";
    public static final String TRANSACTION_STATE_LOG_SEGMENT_BYTES = "transaction.state.log.segment.bytes";
    public static final String TRANSACTION_MAX_TIMEOUT_MS = "transaction.max.timeout.ms";
    public static final String TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS =
        "transaction.abort.timed.out.transaction.cleanup.interval.ms";
    public static final String TRANSACTIONAL_ID_EXPIRATION_MS = "transactional.id.expiration.ms";
    public static final String TRANSACTION_REMOVE_EXPIRED_TRANSACTION_CLEANUP_INTERVAL_MS =
        "transaction.remove.expired.transaction.cleanup.interval.ms";
    public static final String GROUP_MEMBER_RECONNECT_GRACE_MS = "group.member.reconnect.grace.ms";
    public static final String AUTHORIZER_CLASS_NAME = "authorizer.class.name";
    public static final String SUPER_USERS = "super.users";
    public static final String ALLOW_EVERYONE_IF_NO_ACL_FOUND = "allow.everyone.if.no.acl.found";
    /** The authorizer names accepted: Kafka's ZooKeeper-mode ACL authorizers and ZKafka's own; all are the same one. */
    public static final Set<String> ACL_AUTHORIZER_NAMES = Set.of("kafka.security.authorizer.AclAuthorizer",
        "kafka.security.auth.SimpleAclAuthorizer", "io.zkafka.broker.authorizer.AclAuthorizer");

    public static final ConfigDef DEFINITION = new ConfigDef()
        .define(BROKER_ID, INT, ConfigDef.NO_DEFAULT, Validators.atLeast(0), HIGH,
            "This broker's id, unique in the cluster.")
        .define(LISTENERS, STRING, "PLAINTEXT://127.0.0.1:9092", HIGH,
            "Where the broker listens: NAME://host:port, comma separated (port 0 picks a free port). The listener "
                + "named by native.listener.name speaks ZKafka's protocol; the others speak Apache Kafka's.")
        .define(ADVERTISED_LISTENERS, STRING, null, HIGH,
            "What clients are told per listener name, NAME://host:port; a listener not named here is advertised "
                + "at its own address.")
        .define(LISTENER_SECURITY_PROTOCOL_MAP, STRING,
            "PLAINTEXT:PLAINTEXT,KAFKA:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL", MEDIUM,
            "The security protocol of each listener name, NAME:PROTOCOL, comma separated.")
        .define(NATIVE_LISTENER_NAME, STRING, "PLAINTEXT", MEDIUM,
            "ZKafka extension: the listener that speaks ZKafka's own protocol, used by ZKafka's clients and between "
                + "brokers; every other listener speaks Apache Kafka's protocol.")
        .define(SECURITY_INTER_BROKER_PROTOCOL, STRING, null, MEDIUM,
            "The security protocol of the connections between brokers. ZKafka's brokers talk to each other over "
                + "the native listener, so when set it must be that listener's protocol (PLAINTEXT, SSL, SASL_PLAINTEXT "
                + "or SASL_SSL).")
        .define(INTER_BROKER_LISTENER_NAME, STRING, null, MEDIUM,
            "The listener brokers talk to each other on; when set it must be the native listener's name.")
        .withKeysOf(SslConfigs.SERVER)
        .define(SASL_ENABLED_MECHANISMS, LIST, "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512", MEDIUM,
            "SASL mechanisms a SASL_PLAINTEXT or SASL_SSL listener accepts (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512; Kafka's "
                + "default GSSAPI is not served); listener.name.<name>.sasl.enabled.mechanisms overrides it per listener.")
        .define(SASL_JAAS_CONFIG, PASSWORD, null, MEDIUM,
            "JAAS login module of the SASL listeners: PlainLoginModule with user_<name>=\"<password>\" entries (the PLAIN "
                + "users) and username/password (the broker's own login to its peers); "
                + "listener.name.<name>.<mechanism>.sasl.jaas.config overrides it per listener and mechanism.")
        .define(SASL_MECHANISM_INTER_BROKER_PROTOCOL, STRING, "PLAIN", MEDIUM,
            "SASL mechanism brokers use with each other when the native listener is SASL_PLAINTEXT or SASL_SSL "
                + "(Kafka's default is GSSAPI, which is not served).")
        .define(BROKER_RACK, STRING, null, MEDIUM, "Rack of the broker, for rack-aware replica placement.")
        .define(LOG_DIRS, LIST, null, HIGH, "Folders holding the partition logs; overrides log.dir.")
        .define(LOG_DIR, STRING, "/tmp/zkafka-logs", HIGH, "The log folder when log.dirs is not set.")
        .define(ZOOKEEPER_CONNECT, STRING, ConfigDef.NO_DEFAULT, Validators.nonEmpty(), HIGH,
            "ZooKeeper connect string host:port[,host:port...][/chroot].")
        .define(ZOOKEEPER_SESSION_TIMEOUT_MS, INT, 18000, Validators.atLeast(1000), HIGH,
            "ZooKeeper session timeout: how soon a dead broker's znode disappears.")
        .define(ZOOKEEPER_CONNECTION_TIMEOUT_MS, INT, 18000, Validators.atLeast(100), HIGH,
            "How long to wait for a ZooKeeper connection before failing.")
        .define(ZOOKEEPER_SET_ACL, BOOLEAN, false, HIGH,
            "Create every znode with ACLs: ALL for the brokers' authenticated ZooKeeper identity (all brokers use "
                + "the same one), READ for anyone except users' and brokers' configs (SCRAM credentials), which only "
                + "the brokers may read. Needs SASL to ZooKeeper: -Djava.security.auth.login.config with a Client "
                + "section, or a TLS client certificate (zookeeper.ssl.*); start-up fails without one.")
        .define(ZOOKEEPER_SSL_CLIENT_ENABLE, BOOLEAN, false, MEDIUM,
            "Connect to ZooKeeper's secure client port over TLS, with the zookeeper.ssl.* keys.")
        .define(ZOOKEEPER_CLIENT_CNXN_SOCKET, STRING, null, MEDIUM,
            "ZooKeeper's client socket class; with TLS it must be (and defaults to) "
                + "org.apache.zookeeper.ClientCnxnSocketNetty.")
        .define(ZOOKEEPER_SSL_KEYSTORE_LOCATION, STRING, null, MEDIUM,
            "Key store with the broker's certificate for ZooKeeper: the x509 identity zookeeper.set.acl names "
                + "(all brokers present the same subject).")
        .define(ZOOKEEPER_SSL_KEYSTORE_PASSWORD, PASSWORD, null, MEDIUM, "Password of zookeeper.ssl.keystore.location.")
        .define(ZOOKEEPER_SSL_KEYSTORE_TYPE, STRING, null, MEDIUM, "JKS, PKCS12 or PEM; from the file name when unset.")
        .define(ZOOKEEPER_SSL_TRUSTSTORE_LOCATION, STRING, null, MEDIUM,
            "Trust store for the ZooKeeper servers' certificates; the JVM's default when unset.")
        .define(ZOOKEEPER_SSL_TRUSTSTORE_PASSWORD, PASSWORD, null, MEDIUM,
            "Password of zookeeper.ssl.truststore.location.")
        .define(ZOOKEEPER_SSL_TRUSTSTORE_TYPE, STRING, null, MEDIUM, "JKS, PKCS12 or PEM; from the file name when unset.")
        .define(ZOOKEEPER_SSL_ENABLED_PROTOCOLS, STRING, null, LOW,
            "TLS versions offered to ZooKeeper, e.g. TLSv1.3,TLSv1.2; ZooKeeper's default when unset.")
        .define(ZOOKEEPER_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, STRING, "HTTPS", LOW,
            "HTTPS checks that a ZooKeeper server's certificate names the host connected to; empty turns it off.")
        .define(NUM_NETWORK_THREADS, INT, 3, Validators.atLeast(1), HIGH, "Netty event loop threads for socket I/O.")
        .define(NUM_IO_THREADS, INT, 8, Validators.atLeast(1), HIGH, "Request handler threads.")
        .define(NETWORK_THREADS_SERVE_PRODUCE_FETCH, BOOLEAN, true, MEDIUM,
            "Serve Produce and Fetch on the connection's network thread when none of its earlier requests is still "
                + "being served, instead of handing them to the request handler threads: a thread hand-off less each "
                + "way. false hands every request to the handler threads, as Kafka does.")
        .define(MAX_INCREMENTAL_FETCH_SESSION_CACHE_SLOTS, INT, 1000, Validators.atLeast(0), MEDIUM,
            "The most incremental fetch sessions (KIP-227) each Kafka-protocol listener keeps; 0 declines them, and "
                + "Kafka clients then send full fetch requests.")
        .define(MIN_INCREMENTAL_FETCH_SESSION_EVICTION_MS, INT, 120_000, Validators.atLeast(0), MEDIUM,
            "How long a fetch session must have been idle before a new one may evict it when the cache is full.")
        .define(QUOTA_WINDOW_NUM, INT, 11, Validators.atLeast(1), LOW,
            "How many windows a client's byte rate is measured over, for its quota.")
        .define(QUOTA_WINDOW_SIZE_SECONDS, INT, 1, Validators.atLeast(1), LOW,
            "The length of each of those windows. A client over its quota waits at most all the windows at once.")
        .define(NUM_RECOVERY_THREADS, INT, 4, Validators.atLeast(1), HIGH,
            "Threads per log folder that open (and after a hard kill recover) logs at start-up and flush "
                + "and close them at shutdown; all folders at once. Kafka's default is 1; opening a log is mostly "
                + "waiting for the disk, so several threads load thousands of logs faster even on few cores.")
        .define(LOG_DIR_FREE_BYTES_WARNING_THRESHOLD, LONG, 1073741824L, Validators.atLeast(0), MEDIUM,
            "Free bytes below which a log folder logs a low-space warning (0: never); not a Kafka key.")
        .define(LOG_DIR_FREE_BYTES_CHECK_INTERVAL_MS, LONG, 30000L, Validators.atLeast(100), LOW,
            "How often each log folder's free space is checked against the warning threshold; not a Kafka key.")
        .define(SOCKET_REQUEST_MAX_BYTES, INT, 104857600, Validators.atLeast(1024), HIGH,
            "The largest request frame accepted; larger frames close the connection.")
        .define(NUM_PARTITIONS, INT, 1, Validators.atLeast(1), MEDIUM, "Partitions of an auto-created topic.")
        .define(DEFAULT_REPLICATION_FACTOR, INT, 1, Validators.atLeast(1), MEDIUM,
            "Replication factor of an auto-created topic, and of topics created without one.")
        .define(AUTO_CREATE_TOPICS_ENABLE, BOOLEAN, true, HIGH,
            "Create a topic when a client asks for metadata of one that does not exist.")
        .define(DELETE_TOPIC_ENABLE, BOOLEAN, true, HIGH, "Whether topics may be deleted.")
        .define(MESSAGE_MAX_BYTES, INT, 1048588, Validators.atLeast(0), HIGH,
            "The largest record batch the broker accepts (topic override: max.message.bytes).")
        .define(LOG_SEGMENT_BYTES, INT, 1073741824, Validators.atLeast(14), HIGH, "Size at which a segment rolls.")
        .define(LOG_ROLL_HOURS, INT, 168, Validators.atLeast(1), HIGH, "Age at which a segment rolls, in hours.")
        .define(LOG_ROLL_MS, LONG, null, HIGH, "Age at which a segment rolls, in ms; overrides log.roll.hours.")
        .define(LOG_RETENTION_HOURS, INT, 168, HIGH, "How long to keep a segment, in hours.")
        .define(LOG_RETENTION_MINUTES, INT, null, HIGH, "How long to keep a segment, in minutes; overrides hours.")
        .define(LOG_RETENTION_MS, LONG, null, HIGH,
            "How long to keep a segment, in ms; overrides minutes and hours; -1 keeps forever.")
        .define(LOG_RETENTION_BYTES, LONG, -1L, HIGH, "Size above which old segments of a partition are deleted.")
        .define(LOG_RETENTION_CHECK_INTERVAL_MS, LONG, 300000L, Validators.atLeast(1), MEDIUM,
            "How often retention runs.")
        .define(LOG_FLUSH_INTERVAL_MESSAGES, LONG, Long.MAX_VALUE, Validators.atLeast(1), HIGH,
            "Records appended before a forced fsync.")
        .define(LOG_FLUSH_INTERVAL_MS, LONG, null, HIGH, "Time between forced fsyncs; unset means never forced.")
        .define(LOG_INDEX_INTERVAL_BYTES, INT, 4096, Validators.atLeast(0), MEDIUM,
            "Bytes of log between offset index entries.")
        .define(LOG_INDEX_SIZE_MAX_BYTES, INT, 10485760, Validators.atLeast(4), MEDIUM,
            "Size of an offset index file; a full index rolls the segment.")
        .define(LOG_CLEANUP_POLICY, LIST, "delete", Validators.oneOf("delete", "compact"), MEDIUM,
            "delete (retention by time and size), compact (newest record per key), or both.")
        .define(LOG_CLEANER_DELETE_RETENTION_MS, LONG, 86400000L, MEDIUM,
            "How long tombstones are kept on compacted topics.")
        .define(LOG_CLEANER_BACKOFF_MS, LONG, 15000L, Validators.atLeast(1), MEDIUM,
            "Sleep of the log cleaner when it has nothing to clean.")
        .define(LOG_CLEANER_ENABLE, BOOLEAN, true, MEDIUM, "Run the log cleaner, which compacts compacted topics.")
        .define(LOG_CLEANER_DEDUPE_BUFFER_SIZE, LONG, 134217728L, Validators.atLeast(1024), MEDIUM,
            "Memory the cleaner may use for keys in one pass.")
        .define(LOG_MESSAGE_TIMESTAMP_TYPE, STRING, "CreateTime", Validators.oneOf("CreateTime", "LogAppendTime"),
            MEDIUM, "Whether record timestamps are the producer's or the broker's at append.")
        .define(MIN_INSYNC_REPLICAS, INT, 1, Validators.atLeast(1), HIGH,
            "With acks=all, the fewest in-sync replicas that must have a write.")
        .define(UNCLEAN_LEADER_ELECTION_ENABLE, BOOLEAN, false, HIGH,
            "Allow a replica outside the ISR to become leader (may lose data).")
        .define(REPLICA_LAG_TIME_MAX_MS, LONG, 30000L, Validators.atLeast(1), HIGH,
            "A follower not caught up for this long leaves the ISR.")
        .define(REPLICA_FETCH_WAIT_MAX_MS, INT, 500, Validators.atLeast(0), MEDIUM,
            "How long a follower's fetch waits at the leader for new records.")
        .define(REPLICA_FETCH_MAX_BYTES, INT, 1048576, Validators.atLeast(0), MEDIUM,
            "Bytes a follower fetches per partition per request (at least one batch).")
        .define(REPLICA_FETCH_RESPONSE_MAX_BYTES, INT, 10485760, Validators.atLeast(0), MEDIUM,
            "Bytes a follower fetches per request over all partitions.")
        .define(REPLICA_FETCH_BACKOFF_MS, INT, 1000, Validators.atLeast(0), MEDIUM,
            "Pause of a follower's fetches from a leader after an error.")
        .define(REPLICA_SOCKET_TIMEOUT_MS, INT, 30000, Validators.atLeast(1), MEDIUM,
            "How long a follower waits for the leader's answer beyond the fetch wait.")
        .define(CONTROLLED_SHUTDOWN_ENABLE, BOOLEAN, true, MEDIUM,
            "Move leadership away before the broker stops.")
        .define(CONTROLLED_SHUTDOWN_MAX_RETRIES, INT, 3, Validators.atLeast(1), MEDIUM,
            "Controlled shutdown attempts before the broker stops anyway.")
        .define(CONTROLLED_SHUTDOWN_RETRY_BACKOFF_MS, LONG, 5000L, Validators.atLeast(0), MEDIUM,
            "Wait between two controlled shutdown attempts.")
        .define(BROKER_FAILURE_DETECTION_ENABLE, BOOLEAN, true, MEDIUM,
            "ZKafka extension: treat a broker as dead once its connections drop and its listener refuses connections,"
                + " instead of waiting for its ZooKeeper session to expire.")
        .define(AUTO_LEADER_REBALANCE_ENABLE, BOOLEAN, true, HIGH,
            "Let the controller move leadership back to preferred replicas periodically.")
        .define(LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS, LONG, 300L, Validators.atLeast(1), HIGH,
            "How often the controller checks the preferred-leader balance.")
        .define(LEADER_IMBALANCE_PER_BROKER_PERCENTAGE, INT, 10, Validators.between(0, 100), HIGH,
            "Share of a broker's preferred partitions it may not lead before a rebalance.")
        .define(METRICS_JMX_ENABLE, BOOLEAN, true, LOW, "Report metrics over JMX.")
        .define(METRICS_PROMETHEUS_PORT, INT, -1, Validators.between(-1, 65535), MEDIUM,
            "ZKafka extension: serve the metrics in Prometheus' text format at http://<metrics.prometheus.host>:<port>/metrics "
                + "(Kafka's names as the JMX exporter's Kafka rules give them, and the JVM's); -1 serves none, 0 a free port.")
        .define(METRICS_PROMETHEUS_HOST, STRING, "127.0.0.1", LOW,
            "ZKafka extension: the address the Prometheus endpoint binds (0.0.0.0 for every interface).")
        .define(OFFSETS_TOPIC_NUM_PARTITIONS, INT, 50, Validators.atLeast(1), HIGH,
            "Partitions of __consumer_offsets, fixed when it is created on first use.")
        .define(OFFSETS_TOPIC_REPLICATION_FACTOR, INT, 3, Validators.atLeast(1), HIGH,
            "Replication factor of __consumer_offsets (at most the live brokers when it is created).")
        .define(OFFSETS_TOPIC_SEGMENT_BYTES, INT, 104857600, Validators.atLeast(1), HIGH,
            "Segment size of __consumer_offsets, kept small so compaction and loading stay fast.")
        .define(OFFSETS_COMMIT_TIMEOUT_MS, INT, 5000, Validators.atLeast(1), HIGH,
            "How long a commit (or group metadata write) waits for all in-sync replicas of its offsets partition.")
        .define(OFFSET_METADATA_MAX_BYTES, INT, 4096, Validators.atLeast(0), HIGH,
            "Largest metadata string a committed offset may carry.")
        .define(OFFSETS_RETENTION_MINUTES, INT, 10080, Validators.atLeast(1), HIGH,
            "How long the offsets of an empty group (or of a topic its members no longer read) are kept.")
        .define(OFFSETS_RETENTION_MS, LONG, null, LOW,
            "ZKafka extension: offsets.retention.minutes in ms, overriding it (for tests and short-lived groups).")
        .define(OFFSETS_RETENTION_CHECK_INTERVAL_MS, LONG, 600000L, Validators.atLeast(1), HIGH,
            "How often the coordinator looks for expired offsets.")
        .define(GROUP_LAG_REFRESH_INTERVAL_MS, LONG, 10000L, Validators.atLeast(0), LOW,
            "ZKafka extension: how often the coordinator recomputes its groups' consumer lag gauges; 0 turns them off.")
        .define(GROUP_INITIAL_REBALANCE_DELAY_MS, INT, 3000, Validators.atLeast(0), MEDIUM,
            "How long the first rebalance of an empty group waits for more members to join.")
        .define(GROUP_MIN_SESSION_TIMEOUT_MS, INT, 6000, Validators.atLeast(0), MEDIUM,
            "Smallest session.timeout.ms a member may ask for.")
        .define(GROUP_MAX_SESSION_TIMEOUT_MS, INT, 1800000, Validators.atLeast(0), MEDIUM,
            "Largest session.timeout.ms a member may ask for.")
        .define(PRODUCER_ID_EXPIRATION_MS, INT, 86400000, Validators.atLeast(1), LOW,
            "How long a partition keeps an idle producer's state (sequences, epoch) after its last batch.")
        .define(PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS, INT, 600000, Validators.atLeast(1), LOW,
            "How often partitions look for producers idle for producer.id.expiration.ms.")
        .define(TRANSACTION_STATE_LOG_NUM_PARTITIONS, INT, 50, Validators.atLeast(1), HIGH,
            "Partitions of the __transaction_state topic, created on first use.")
        .define(TRANSACTION_STATE_LOG_REPLICATION_FACTOR, INT, 3, Validators.atLeast(1), HIGH,
            "Replication factor of __transaction_state, capped at the live brokers when it is created.")
        .define(TRANSACTION_STATE_LOG_MIN_ISR, INT, 2, Validators.atLeast(1), HIGH,
            "min.insync.replicas of __transaction_state (capped at its replication factor).")
        .define(TRANSACTION_STATE_LOG_SEGMENT_BYTES, INT, 104857600, Validators.atLeast(1), HIGH,
            "Segment size of __transaction_state, kept small for fast compaction and loading.")
        .define(TRANSACTION_MAX_TIMEOUT_MS, INT, 900000, Validators.atLeast(1), HIGH,
            "Largest transaction.timeout.ms a producer may ask for; a larger one is refused.")
        .define(TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS, INT, 10000, Validators.atLeast(1), LOW,
            "How often the transaction coordinator aborts transactions open for longer than their timeout.")
        .define(TRANSACTIONAL_ID_EXPIRATION_MS, INT, 604800000, Validators.atLeast(1), HIGH,
            "How long a transactional id without a transaction in progress is kept after its last update.")
        .define(TRANSACTION_REMOVE_EXPIRED_TRANSACTION_CLEANUP_INTERVAL_MS, INT, 3600000, Validators.atLeast(1), LOW,
            "How often the transaction coordinator removes transactional ids idle for transactional.id.expiration.ms.")
        .define(GROUP_MEMBER_RECONNECT_GRACE_MS, INT, 6000, Validators.atLeast(0), MEDIUM,
            "ZKafka extension: how long a dynamic group member whose connection to the coordinator closed, or whose "
                + "group a new coordinator just loaded, keeps its place without a request on a new connection (at most its "
                + "session.timeout.ms); 0 gives it its whole session timeout, as Kafka does.")
        .define(AUTHORIZER_CLASS_NAME, STRING, "", HIGH,
            "Empty: no authorization, every client may do everything. kafka.security.authorizer.AclAuthorizer "
                + "(or io.zkafka.broker.authorizer.AclAuthorizer): Kafka's ACLs, kept in ZooKeeper, checked on every "
                + "request of both listeners.")
        .define(SUPER_USERS, STRING, "", HIGH,
            "Principals allowed everything whatever the ACLs say, separated by semicolons: User:admin;User:CN=broker1. "
                + "The brokers' own principal belongs here when the authorizer is on.")
        .define(ALLOW_EVERYONE_IF_NO_ACL_FOUND, BOOLEAN, false, HIGH,
            "Whether a resource with no ACL at all is open to everyone (else only to super users).");

    /** What the SASL listeners serve. */
    public static final List<String> SUPPORTED_SASL_MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    private final Listeners listeners;

    public KafkaConfig(Map<?, ?> originals) {
        super(DEFINITION, originals);
        this.listeners = Listeners.parse(getString(LISTENERS), getString(ADVERTISED_LISTENERS),
            getString(LISTENER_SECURITY_PROTOCOL_MAP), getString(NATIVE_LISTENER_NAME).toUpperCase(Locale.ROOT));
        checkInterBrokerSettings();
        checkAuthorizer();
        offsetsRetentionMs(); // fails start-up on a bad offsets.retention.ms
    }

    private void checkInterBrokerSettings() {
        Listeners.Listener own = listeners.nativeListener();
        String protocol = getString(SECURITY_INTER_BROKER_PROTOCOL);
        if (protocol != null && !protocol.equalsIgnoreCase(own.securityProtocol())) {
            throw new ConfigException(SECURITY_INTER_BROKER_PROTOCOL, protocol, "brokers talk to each other over the "
                + "native listener " + own.name() + ", whose protocol is " + own.securityProtocol());
        }
        String name = getString(INTER_BROKER_LISTENER_NAME);
        if (name != null && !name.equalsIgnoreCase(own.name())) {
            throw new ConfigException(INTER_BROKER_LISTENER_NAME, name, "brokers talk to each other over the native "
                + "listener, " + own.name());
        }
    }

    private void checkAuthorizer() {
        String name = getString(AUTHORIZER_CLASS_NAME).trim();
        if (!name.isEmpty() && !ACL_AUTHORIZER_NAMES.contains(name)) {
            throw new ConfigException(AUTHORIZER_CLASS_NAME, name, "the authorizers known are "
                + new TreeSet<>(ACL_AUTHORIZER_NAMES) + " (or empty for none)");
        }
        superUsers();
    }

    /** Whether the ACL authorizer is on. */
    public boolean aclAuthorizerEnabled() {
        return !getString(AUTHORIZER_CLASS_NAME).trim().isEmpty();
    }

    /** super.users parsed: principals separated by semicolons (a principal's name may hold commas). */
    public Set<KafkaPrincipal> superUsers() {
        Set<KafkaPrincipal> users = new LinkedHashSet<>();
        for (String text : getString(SUPER_USERS).split(";")) {
            if (!text.isBlank()) {
                try {
                    users.add(KafkaPrincipal.parse(text.trim()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(SUPER_USERS, getString(SUPER_USERS), e.getMessage());
                }
            }
        }
        return users;
    }

    /**
     * The ssl.* settings of a listener, parsed: {@code listener.name.<name>.ssl.*} where set (Kafka's
     * per-listener override, the name in lower case), else the broker-wide {@code ssl.*}.
     */
    public Map<String, Object> sslSettings(String listenerName) {
        String prefix = LISTENER_PREFIX + listenerName.toLowerCase(Locale.ROOT) + ".";
        Map<String, Object> raw = new HashMap<>();
        for (ConfigDef.Key key : SslConfigs.SERVER.keys()) {
            Object value = originals().get(prefix + key.name());
            if (value == null) {
                value = originals().get(key.name());
            }
            if (value != null) {
                raw.put(key.name(), value);
            }
        }
        return SslConfigs.SERVER.parse(raw);
    }

    /** {@code listener.name.<name>.sasl.enabled.mechanisms} where set, else {@code sasl.enabled.mechanisms}; checked. */
    public List<String> saslEnabledMechanisms(String listenerName) {
        String key = LISTENER_PREFIX + listenerName.toLowerCase(Locale.ROOT) + "." + SASL_ENABLED_MECHANISMS;
        Object override = originals().get(key);
        List<String> mechanisms = new ArrayList<>();
        if (override != null) {
            for (String part : String.valueOf(override).split(",")) {
                if (!part.isBlank()) {
                    mechanisms.add(part.trim().toUpperCase(Locale.ROOT));
                }
            }
        } else {
            key = SASL_ENABLED_MECHANISMS;
            getList(SASL_ENABLED_MECHANISMS).forEach(m -> mechanisms.add(m.trim().toUpperCase(Locale.ROOT)));
        }
        for (String mechanism : mechanisms) {
            if (!SUPPORTED_SASL_MECHANISMS.contains(mechanism)) {
                throw new ConfigException(key, mechanisms, "names " + mechanism + "; supported: " + SUPPORTED_SASL_MECHANISMS);
            }
        }
        if (mechanisms.isEmpty()) {
            throw new ConfigException(key, mechanisms, "a SASL listener needs at least one mechanism");
        }
        return mechanisms;
    }

    /**
     * The JAAS entry for {@code mechanism} on a listener, Kafka's lookup order:
     * {@code listener.name.<name>.<mechanism>.sasl.jaas.config}, then {@code sasl.jaas.config}; null when neither is set.
     */
    public JaasConfig saslJaasConfig(String listenerName, String mechanism) {
        String key = LISTENER_PREFIX + listenerName.toLowerCase(Locale.ROOT) + "." + mechanism.toLowerCase(Locale.ROOT)
            + "." + SASL_JAAS_CONFIG;
        Object value = originals().get(key);
        if (value == null) {
            key = SASL_JAAS_CONFIG;
            value = getString(SASL_JAAS_CONFIG);
        }
        return value == null ? null : JaasConfig.parse(key, String.valueOf(value));
    }

    /**
     * How this broker logs in to its peers' native listener when that is SASL_PLAINTEXT or SASL_SSL:
     * {@code sasl.mechanism.inter.broker.protocol} with the {@code username} and {@code password} of the
     * native listener's JAAS config for that mechanism; null when the native listener does not use SASL.
     */
    public SaslClientConfig interBrokerSasl() {
        Listeners.Listener own = listeners.nativeListener();
        if (!own.usesSasl()) {
            return null;
        }
        String mechanism = getString(SASL_MECHANISM_INTER_BROKER_PROTOCOL).toUpperCase(Locale.ROOT);
        if (!saslEnabledMechanisms(own.name()).contains(mechanism)) {
            throw new ConfigException(SASL_MECHANISM_INTER_BROKER_PROTOCOL, mechanism, "is not enabled on the native "
                + "listener " + own.name() + " (" + saslEnabledMechanisms(own.name()) + "), which brokers log in to");
        }
        JaasConfig jaas = saslJaasConfig(own.name(), mechanism);
        String key = LISTENER_PREFIX + own.name().toLowerCase(Locale.ROOT) + "." + mechanism.toLowerCase(Locale.ROOT)
            + "." + SASL_JAAS_CONFIG;
        if (jaas == null) {
            throw new ConfigException(key, null, "brokers log in to each other with " + mechanism + ": set " + key + " or "
                + SASL_JAAS_CONFIG + " with username and password");
        }
        return SaslClientConfig.of(mechanism, jaas, key);
    }

    public int brokerId() {
        return getInt(BROKER_ID);
    }

    public Listeners listeners() {
        return listeners;
    }

    public String listenerHost() {
        return listeners.nativeListener().host();
    }

    public int listenerPort() {
        return listeners.nativeListener().port();
    }

    /** The host clients of the native listener are told to use. */
    public String advertisedHost() {
        return listeners.nativeListener().advertisedHost();
    }

    public List<String> logDirs() {
        List<String> dirs = getList(LOG_DIRS);
        return dirs != null && !dirs.isEmpty() ? dirs : List.of(getString(LOG_DIR));
    }

    /** log.retention.ms, else minutes, else hours, as Kafka resolves them. */
    public long retentionMs() {
        Long ms = (Long) values().get(LOG_RETENTION_MS);
        if (ms != null) {
            return ms;
        }
        Integer minutes = (Integer) values().get(LOG_RETENTION_MINUTES);
        if (minutes != null) {
            return minutes * 60_000L;
        }
        return getInt(LOG_RETENTION_HOURS) * 3_600_000L;
    }

    /** offsets.retention.ms when set, else offsets.retention.minutes. */
    public long offsetsRetentionMs() {
        Long ms = (Long) values().get(OFFSETS_RETENTION_MS);
        if (ms != null && ms < 1) {
            throw new ConfigException(OFFSETS_RETENTION_MS, ms, "must be at least 1");
        }
        return ms != null ? ms : getInt(OFFSETS_RETENTION_MINUTES) * 60_000L;
    }

    public long rollMs() {
        Long ms = (Long) values().get(LOG_ROLL_MS);
        return ms != null ? ms : getInt(LOG_ROLL_HOURS) * 3_600_000L;
    }
}
