package io.zkafka.coordination;

/**
 * The resource an ACL znode is for, as Kafka's ZooKeeper layout names it: a LITERAL one under
 * {@code /kafka-acl/<resourceType>/<name>} or a PREFIXED one under
 * {@code /kafka-acl-extended/prefixed/<resourceType>/<name>}, the type spelt {@code Topic},
 * {@code Group}, {@code Cluster} or {@code TransactionalId}. Immutable.
 */
public record AclResource(boolean prefixed, String resourceType, String name) {
    public AclResource {
        if (resourceType == null || resourceType.isEmpty() || resourceType.indexOf('/') >= 0) {
            throw new IllegalArgumentException("An ACL resource type must be a non-empty name without '/', got '"
                + resourceType + "'");
        }
        if (name == null || name.isEmpty() || name.indexOf('/') >= 0 || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("An ACL resource name must be non-empty and without '/' (it is a "
                + "znode name), got '" + name + "'");
        }
    }
}
