package io.zkafka.broker.handler;

import io.zkafka.common.acl.AccessControlEntry;
import io.zkafka.common.acl.AccessControlEntryFilter;
import io.zkafka.common.acl.AclBinding;
import io.zkafka.common.acl.AclBindingFilter;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.acl.AclPermissionType;
import io.zkafka.common.message.AclBindingData;
import io.zkafka.common.resource.PatternType;
import io.zkafka.common.resource.ResourcePattern;
import io.zkafka.common.resource.ResourcePatternFilter;
import io.zkafka.common.resource.ResourceType;

/** The ACL admin messages' wire form turned into the authorizer's types and back. Unknown codes throw. Stateless. */
final class AclMessages {
    private AclMessages() {
    }

    static AclBinding binding(AclBindingData data) {
        return new AclBinding(new ResourcePattern(ResourceType.fromCode(data.resourceType()), nonNull(data.resourceName()),
            PatternType.fromCode(data.patternType())), new AccessControlEntry(nonNull(data.principal()),
            nonNull(data.host()), AclOperation.fromCode(data.operation()), AclPermissionType.fromCode(data.permissionType())));
    }

    static AclBindingFilter filter(AclBindingData data) {
        return new AclBindingFilter(new ResourcePatternFilter(ResourceType.fromCode(data.resourceType()),
            data.resourceName(), PatternType.fromCode(data.patternType())), new AccessControlEntryFilter(data.principal(),
            data.host(), AclOperation.fromCode(data.operation()), AclPermissionType.fromCode(data.permissionType())));
    }

    static AclBindingData data(AclBinding binding) {
        ResourcePattern pattern = binding.pattern();
        AccessControlEntry entry = binding.entry();
        return new AclBindingData(pattern.resourceType().code(), pattern.name(), pattern.patternType().code(),
            entry.principal(), entry.host(), entry.operation().code(), entry.permissionType().code());
    }

    private static String nonNull(String value) {
        if (value == null) {
            throw new IllegalArgumentException("A binding to create names its resource, principal and host");
        }
        return value;
    }
}
