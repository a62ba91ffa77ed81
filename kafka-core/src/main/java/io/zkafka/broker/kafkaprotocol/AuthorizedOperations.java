package io.zkafka.broker.kafkaprotocol;

import static io.zkafka.common.acl.AclOperation.ALTER;
import static io.zkafka.common.acl.AclOperation.ALTER_CONFIGS;
import static io.zkafka.common.acl.AclOperation.CLUSTER_ACTION;
import static io.zkafka.common.acl.AclOperation.CREATE;
import static io.zkafka.common.acl.AclOperation.DELETE;
import static io.zkafka.common.acl.AclOperation.DESCRIBE;
import static io.zkafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static io.zkafka.common.acl.AclOperation.IDEMPOTENT_WRITE;
import static io.zkafka.common.acl.AclOperation.READ;
import static io.zkafka.common.acl.AclOperation.WRITE;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.resource.ResourceType;
import java.util.List;

/**
 * Kafka's authorized-operations bit fields (KIP-430), which Metadata, DescribeCluster and
 * DescribeGroups answer when asked: bit {@code 1 << code} set for each operation of the resource
 * type that the request's principal may do on the resource, as the broker's authorizer decides (with
 * no authorizer, every operation of the type, as Kafka answers). {@link #OMITTED} when not asked for.
 * Thread-safe (the authorizer answers from memory).
 */
final class AuthorizedOperations {
    /** What Kafka answers when the request did not ask. */
    static final int OMITTED = Integer.MIN_VALUE;

    private static final List<AclOperation> CLUSTER_OPERATIONS = List.of(CREATE, CLUSTER_ACTION, DESCRIBE_CONFIGS,
        ALTER_CONFIGS, IDEMPOTENT_WRITE, ALTER, DESCRIBE);
    private static final List<AclOperation> TOPIC_OPERATIONS = List.of(READ, WRITE, CREATE, DESCRIBE, DELETE, ALTER,
        DESCRIBE_CONFIGS, ALTER_CONFIGS);
    private static final List<AclOperation> GROUP_OPERATIONS = List.of(READ, DESCRIBE, DELETE);

    private final Authorizer authorizer;

    AuthorizedOperations(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    int cluster(KafkaExchange exchange) {
        return of(exchange, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME, CLUSTER_OPERATIONS);
    }

    int topic(KafkaExchange exchange, String topic) {
        return of(exchange, ResourceType.TOPIC, topic, TOPIC_OPERATIONS);
    }

    int group(KafkaExchange exchange, String groupId) {
        return of(exchange, ResourceType.GROUP, groupId, GROUP_OPERATIONS);
    }

    private int of(KafkaExchange exchange, ResourceType type, String name, List<AclOperation> operations) {
        int bits = 0;
        for (AclOperation operation : operations) {
            if (authorizer.authorize(exchange.principal(), exchange.clientAddress(), operation, type, name)) {
                bits |= 1 << operation.code();
            }
        }
        return bits;
    }
}
