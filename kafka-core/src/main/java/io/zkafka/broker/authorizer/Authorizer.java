package io.zkafka.broker.authorizer;

import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.common.security.KafkaPrincipal;

/**
 * Decides whether a request's principal may do an operation on a resource. The handlers ask once
 * per resource per request; {@link #ALLOW_ALL} (no {@code authorizer.class.name}) allows everything.
 * Implementations are thread-safe and answer from memory.
 */
public interface Authorizer {
    /** No authorization: every principal may do everything. */
    Authorizer ALLOW_ALL = new Authorizer() {
        @Override
        public boolean authorize(KafkaPrincipal principal, String clientAddress, AclOperation operation,
                                 ResourceType type, String name) {
            return true;
        }

        @Override
        public boolean authorizeAny(KafkaPrincipal principal, String clientAddress, AclOperation operation,
                                    ResourceType type) {
            return true;
        }

        @Override
        public boolean authorize(RequestContext context, AclOperation operation, ResourceType type, String name) {
            return true;
        }

        @Override
        public boolean authorizeCluster(RequestContext context, AclOperation operation) {
            return true;
        }

        @Override
        public boolean authorizeAny(RequestContext context, AclOperation operation, ResourceType type) {
            return true;
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };

    boolean authorize(KafkaPrincipal principal, String clientAddress, AclOperation operation, ResourceType type,
                      String name);

    /**
     * Whether the principal may do {@code operation} on at least one resource of {@code type} (Kafka's
     * authorizeByResourceType: an idempotent producer needs Write on some topic, or IdempotentWrite).
     */
    boolean authorizeAny(KafkaPrincipal principal, String clientAddress, AclOperation operation, ResourceType type);

    default boolean authorizeAny(RequestContext context, AclOperation operation, ResourceType type) {
        return authorizeAny(context.principal(), context.clientAddress(), operation, type);
    }

    /** False only for {@link #ALLOW_ALL}: the admin ACL calls answer SECURITY_DISABLED then. */
    default boolean enabled() {
        return true;
    }

    default boolean authorize(RequestContext context, AclOperation operation, ResourceType type, String name) {
        return authorize(context.principal(), context.clientAddress(), operation, type, name);
    }

    /** {@code operation} on the one cluster resource. */
    default boolean authorizeCluster(RequestContext context, AclOperation operation) {
        return authorize(context, operation, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME);
    }
}
