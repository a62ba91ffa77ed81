package io.zkafka.coordination;

/**
 * One access control entry as Kafka stores it in an ACL znode: principal ({@code User:alice}),
 * permission type ({@code Allow}, {@code Deny}), operation ({@code Read}...) and host ({@code *} or
 * an address). Kept as the stored text: the broker's authorizer gives it meaning. Immutable.
 */
public record AclEntry(String principal, String permissionType, String operation, String host) {
}
