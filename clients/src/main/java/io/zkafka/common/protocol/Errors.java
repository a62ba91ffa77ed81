package io.zkafka.common.protocol;

/**
 * Every error that crosses the wire, as a code. Codes are Apache Kafka's documented ones, so a
 * Kafka user reads the same numbers; a code is never changed or reused (a test checks they are
 * unique). Clients turn codes back into exceptions at the API edge
 * ({@link io.zkafka.common.errors.ApiException#forError}).
 */
public enum Errors {
    UNKNOWN_SERVER_ERROR(-1, false, "The broker hit an unexpected error; its log has the details."),
    NONE(0, false, ""),
    OFFSET_OUT_OF_RANGE(1, false, "The offset is outside the partition's log start and end offsets."),
    CORRUPT_MESSAGE(2, true, "A record batch failed validation (CRC, size, magic or layout)."),
    UNKNOWN_TOPIC_OR_PARTITION(3, true, "The topic or partition does not exist on this broker."),
    INVALID_FETCH_SIZE(4, false, "The fetch size is invalid."),
    LEADER_NOT_AVAILABLE(5, true, "The partition has no leader right now (election in progress or replicas offline)."),
    NOT_LEADER_OR_FOLLOWER(6, true, "This broker is not the leader (or a replica) of the partition."),
    REQUEST_TIMED_OUT(7, true, "The request timed out."),
    BROKER_NOT_AVAILABLE(8, false, "The broker is not available."),
    REPLICA_NOT_AVAILABLE(9, true, "The replica is not available on this broker."),
    MESSAGE_TOO_LARGE(10, false, "A record batch is larger than the broker accepts (max.message.bytes)."),
    STALE_CONTROLLER_EPOCH(11, false, "The request came from a controller that is no longer current."),
    OFFSET_METADATA_TOO_LARGE(12, false, "The offset commit metadata is too large."),
    NETWORK_EXCEPTION(13, true, "The connection closed before a response arrived."),
    COORDINATOR_LOAD_IN_PROGRESS(14, true, "The group coordinator is still loading its state."),
    COORDINATOR_NOT_AVAILABLE(15, true, "The group coordinator is not available."),
    NOT_COORDINATOR(16, true, "This broker is not the coordinator of the group."),
    INVALID_TOPIC_EXCEPTION(17, false, "The topic name is invalid."),
    RECORD_LIST_TOO_LARGE(18, false, "The record batches are larger than a segment."),
    NOT_ENOUGH_REPLICAS(19, true, "Fewer replicas are in sync than min.insync.replicas requires."),
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(20, true, "The records were written, but to fewer in-sync replicas than required."),
    INVALID_REQUIRED_ACKS(21, false, "acks must be -1 (all), 0 or 1."),
    ILLEGAL_GENERATION(22, false, "The group generation is not current."),
    INCONSISTENT_GROUP_PROTOCOL(23, false, "The member's protocols do not match the group's."),
    INVALID_GROUP_ID(24, false, "The group id is invalid."),
    UNKNOWN_MEMBER_ID(25, false, "The coordinator does not know this member."),
    INVALID_SESSION_TIMEOUT(26, false, "The session timeout is outside the broker's allowed range."),
    REBALANCE_IN_PROGRESS(27, false, "The group is rebalancing; the member must rejoin."),
    INVALID_COMMIT_OFFSET_SIZE(28, false, "The committed offset data is invalid."),
    TOPIC_AUTHORIZATION_FAILED(29, false, "The principal is not authorized for this operation on the topic."),
    GROUP_AUTHORIZATION_FAILED(30, false, "The principal is not authorized for this operation on the group."),
    CLUSTER_AUTHORIZATION_FAILED(31, false, "The principal is not authorized for this operation on the cluster."),
    INVALID_TIMESTAMP(32, false, "A record timestamp is out of the accepted range."),
    UNSUPPORTED_SASL_MECHANISM(33, false, "The broker does not enable the SASL mechanism the client asked for."),
    ILLEGAL_SASL_STATE(34, false, "A SASL request came when the connection was not expecting one."),
    UNSUPPORTED_VERSION(35, false, "The broker does not support this API version."),
    TOPIC_ALREADY_EXISTS(36, false, "The topic already exists."),
    INVALID_PARTITIONS(37, false, "The partition count is invalid."),
    INVALID_REPLICATION_FACTOR(38, false, "The replication factor is invalid."),
    INVALID_REPLICA_ASSIGNMENT(39, false, "The replica assignment is invalid."),
    INVALID_CONFIG(40, false, "A configuration value is invalid."),
    NOT_CONTROLLER(41, true, "This broker is not the controller."),
    INVALID_REQUEST(42, false, "The request is malformed or not valid here."),
    POLICY_VIOLATION(44, false, "The request breaks a broker policy."),
    OUT_OF_ORDER_SEQUENCE_NUMBER(45, false, "The broker received a batch whose sequence number leaves a gap after "
        + "the producer's last one."),
    DUPLICATE_SEQUENCE_NUMBER(46, false, "The broker already wrote a batch with this sequence number."),
    INVALID_PRODUCER_EPOCH(47, false, "The producer epoch is older than the one the broker knows: a newer producer "
        + "with the same id is active."),
    INVALID_TXN_STATE(48, false, "The producer's write does not fit its transaction's state (a non-transactional "
        + "batch while its transaction is open)."),
    INVALID_PRODUCER_ID_MAPPING(49, false, "The producer id is not the one mapped to this transactional id."),
    INVALID_TRANSACTION_TIMEOUT(50, false, "The transaction timeout is larger than the broker's "
        + "transaction.max.timeout.ms."),
    CONCURRENT_TRANSACTIONS(51, true, "The producer's previous transaction is still being completed; retry "
        + "shortly."),
    TRANSACTION_COORDINATOR_FENCED(52, false, "The transaction marker comes from a coordinator epoch older than one "
        + "the partition has seen: a newer transaction coordinator has taken over."),
    TRANSACTIONAL_ID_AUTHORIZATION_FAILED(53, false, "The principal is not authorized for this operation on the "
        + "transactional id."),
    SECURITY_DISABLED(54, false, "The broker has no authorizer configured."),
    OPERATION_NOT_ATTEMPTED(55, false, "The broker did not attempt this part of the request because another part "
        + "failed."),
    KAFKA_STORAGE_ERROR(56, true, "The broker failed to read or write its log on disk."),
    SASL_AUTHENTICATION_FAILED(58, false, "SASL authentication failed (wrong password or unknown user)."),
    UNKNOWN_PRODUCER_ID(59, false, "The broker has no state for this producer id (it expired or its records were "
        + "deleted) and the batch does not start a new sequence."),
    REASSIGNMENT_IN_PROGRESS(60, false, "A partition reassignment is in progress."),
    NON_EMPTY_GROUP(68, false, "The group still has members."),
    GROUP_ID_NOT_FOUND(69, false, "The group does not exist."),
    TOPIC_DELETION_DISABLED(73, false, "Topic deletion is disabled on the broker."),
    FENCED_LEADER_EPOCH(74, true, "The leader epoch in the request is older than the broker's."),
    UNKNOWN_LEADER_EPOCH(75, true, "The leader epoch in the request is newer than the broker's."),
    UNSUPPORTED_COMPRESSION_TYPE(76, false, "The compression type is not supported."),
    STALE_BROKER_EPOCH(77, false, "The broker epoch in the request is not the broker's current one."),
    MEMBER_ID_REQUIRED(79, false, "The member must rejoin with the member id it was given."),
    PREFERRED_LEADER_NOT_AVAILABLE(80, true, "The preferred leader is not available."),
    FENCED_INSTANCE_ID(82, false, "Another member holds this group.instance.id."),
    ELIGIBLE_LEADERS_NOT_AVAILABLE(83, true, "No eligible replica is available to lead the partition."),
    ELECTION_NOT_NEEDED(84, true, "The partition already has the leader asked for."),
    NO_REASSIGNMENT_IN_PROGRESS(85, false, "No partition reassignment is in progress."),
    GROUP_SUBSCRIBED_TO_TOPIC(86, false, "The consumer group is actively subscribed to the topic."),
    INVALID_RECORD(87, false, "A record failed broker-side validation."),
    UNSTABLE_OFFSET_COMMIT(88, true, "Offsets committed in a transaction that is not completed yet are pending "
        + "for this partition."),
    PRODUCER_FENCED(90, false, "A newer producer with the same transactional id has fenced this one."),
    RESOURCE_NOT_FOUND(91, false, "The resource (a user's SCRAM credential) does not exist."),
    DUPLICATE_RESOURCE(92, false, "The request names the same resource twice."),
    UNACCEPTABLE_CREDENTIAL(93, false, "The credential is not acceptable (empty user or password, too few or too "
        + "many iterations)."),
    TRANSACTIONAL_ID_NOT_FOUND(105, false, "The transactional id is not known to its coordinator.");

    private static final Errors[] BY_CODE;

    static {
        int max = 0;
        for (Errors error : values()) {
            max = Math.max(max, error.code);
        }
        BY_CODE = new Errors[max + 2];
        for (Errors error : values()) {
            BY_CODE[error.code + 1] = error;
        }
    }

    private final short code;
    private final boolean retriable;
    private final String message;

    Errors(int code, boolean retriable, String message) {
        this.code = (short) code;
        this.retriable = retriable;
        this.message = message;
    }

    public short code() {
        return code;
    }

    /** Whether a client may retry the same request and expect it to succeed later. */
    public boolean isRetriable() {
        return retriable;
    }

    /** A one-line description for users. */
    public String message() {
        return message;
    }

    /** The error for a wire code; an unknown code maps to {@link #UNKNOWN_SERVER_ERROR}. */
    public static Errors forCode(short code) {
        int index = code + 1;
        if (index >= 0 && index < BY_CODE.length && BY_CODE[index] != null) {
            return BY_CODE[index];
        }
        return UNKNOWN_SERVER_ERROR;
    }
}
