package io.zkafka.common.acl;

import io.zkafka.common.resource.ResourcePattern;

/** One access control entry and the resources it applies to. Immutable. */
public record AclBinding(ResourcePattern pattern, AccessControlEntry entry) {
}
