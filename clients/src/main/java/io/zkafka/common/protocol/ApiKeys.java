package io.zkafka.common.protocol;

/**
 * The APIs a broker serves, with Kafka's documented api keys. Each API's request and response
 * classes and their Kryo ids are bound in {@link ProtocolRegistry}; the versions here are the range
 * this build speaks.
 */
public enum ApiKeys {
    PRODUCE(0, 0, 1), // 1: the transactional id of a transactional producer, for authorization
    FETCH(1, 0, 2), // 1: the follower's replicaEpoch (KIP-903); 2: isolation level, LSO, aborted transactions
    LIST_OFFSETS(2, 0, 1),
    METADATA(3, 0, 1), // 1: each topic's id
    CONTROLLED_SHUTDOWN(7),
    OFFSET_COMMIT(8),
    OFFSET_FETCH(9, 0, 1),
    FIND_COORDINATOR(10),
    JOIN_GROUP(11, 0, 2), // 1: the client handles MEMBER_ID_REQUIRED; 2: skipAssignment (JoinGroupRequest)
    HEARTBEAT(12),
    LEAVE_GROUP(13),
    SYNC_GROUP(14),
    DESCRIBE_GROUPS(15),
    LIST_GROUPS(16),
    SASL_HANDSHAKE(17),
    API_VERSIONS(18),
    CREATE_TOPICS(19),
    DELETE_TOPICS(20),
    DELETE_RECORDS(21),
    INIT_PRODUCER_ID(22),
    OFFSET_FOR_LEADER_EPOCH(23),
    ADD_PARTITIONS_TO_TXN(24),
    ADD_OFFSETS_TO_TXN(25),
    END_TXN(26),
    WRITE_TXN_MARKERS(27),
    TXN_OFFSET_COMMIT(28),
    DESCRIBE_ACLS(29),
    CREATE_ACLS(30),
    DELETE_ACLS(31),
    DESCRIBE_CONFIGS(32, 0, 1), // 1: each config's source (dynamic broker configs)
    DESCRIBE_LOG_DIRS(35),
    SASL_AUTHENTICATE(36),
    ALTER_CONFIGS(44, 0, 1), // 1: APPEND/SUBTRACT operations and a resource's replace flag (legacy AlterConfigs)
    CREATE_PARTITIONS(37, 0, 1), // 1: the new partitions' replicas may be given
    DELETE_GROUPS(42),
    ELECT_LEADERS(43),
    ALTER_PARTITION_REASSIGNMENTS(45),
    LIST_PARTITION_REASSIGNMENTS(46),
    OFFSET_DELETE(47),
    DESCRIBE_CLIENT_QUOTAS(48),
    ALTER_CLIENT_QUOTAS(49),
    DESCRIBE_USER_SCRAM_CREDENTIALS(50),
    ALTER_USER_SCRAM_CREDENTIALS(51),
    DESCRIBE_CLUSTER(60),
    DESCRIBE_PRODUCERS(61),
    DESCRIBE_TRANSACTIONS(65),
    LIST_TRANSACTIONS(66);

    private static final ApiKeys[] BY_ID = new ApiKeys[128];

    static {
        for (ApiKeys key : values()) {
            BY_ID[key.id] = key;
        }
    }

    public final short id;
    public final short oldestVersion;
    public final short latestVersion;

    ApiKeys(int id) {
        this(id, 0, 0);
    }

    ApiKeys(int id, int oldestVersion, int latestVersion) {
        this.id = (short) id;
        this.oldestVersion = (short) oldestVersion;
        this.latestVersion = (short) latestVersion;
    }

    public boolean isVersionSupported(short version) {
        return version >= oldestVersion && version <= latestVersion;
    }

    /** The key for a wire id, or null when this build does not know it. */
    public static ApiKeys forId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
