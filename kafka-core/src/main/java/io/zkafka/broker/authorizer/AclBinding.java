package io.zkafka.broker.authorizer;

/** One access control entry and the resources it applies to. Immutable. */
public record AclBinding(ResourcePattern pattern, AccessControlEntry entry) {
}
