package io.zkafka.broker.authorizer;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.acl.AccessControlEntry;
import io.zkafka.common.acl.AclBinding;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.acl.AclPermissionType;
import io.zkafka.common.resource.PatternType;
import io.zkafka.common.resource.ResourcePattern;
import io.zkafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** Which bindings CreateAcls stores, and the reason given for each it refuses. */
class AclFiltersTest {
    private static AclBinding binding(ResourceType type, String name, PatternType patternType, String principal,
                                      String host, AclOperation op, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, patternType),
            new AccessControlEntry(principal, host, op, permission));
    }

    private static void refused(AclBinding binding, String reason) {
        String why = AclFilters.invalidReason(binding);
        assertTrue(why != null && why.contains(reason), "expected '" + reason + "' in " + why);
    }

    @Test
    void shouldAcceptConcreteBindingsWithWildcardsAndAddresses() {
        assertNull(AclFilters.invalidReason(binding(ResourceType.TOPIC, "*", PatternType.LITERAL, "User:*", "*",
            AclOperation.ALL, AclPermissionType.ALLOW)));
        assertNull(AclFilters.invalidReason(binding(ResourceType.GROUP, "team-", PatternType.PREFIXED, "User:CN=a,O=b",
            "10.1.2.3", AclOperation.READ, AclPermissionType.DENY)));
        assertNull(AclFilters.invalidReason(binding(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, "User:x",
            "::1", AclOperation.ALTER, AclPermissionType.ALLOW)));
    }

    @Test
    void shouldRefuseFilterValuesBadHostsAndOtherClusterNames() {
        refused(binding(ResourceType.ANY, "t", PatternType.LITERAL, "User:x", "*", AclOperation.READ,
            AclPermissionType.ALLOW), "resource pattern");
        refused(binding(ResourceType.TOPIC, "t", PatternType.MATCH, "User:x", "*", AclOperation.READ,
            AclPermissionType.ALLOW), "LITERAL or PREFIXED");
        refused(binding(ResourceType.TOPIC, "t", PatternType.LITERAL, "User:x", "*", AclOperation.ANY,
            AclPermissionType.ALLOW), "entry");
        refused(binding(ResourceType.TOPIC, "t", PatternType.LITERAL, "alice", "*", AclOperation.READ,
            AclPermissionType.ALLOW), "Type:name");
        refused(binding(ResourceType.TOPIC, "t", PatternType.LITERAL, "User:x", "example.com", AclOperation.READ,
            AclPermissionType.ALLOW), "IP address");
        refused(binding(ResourceType.CLUSTER, "other", PatternType.LITERAL, "User:x", "*", AclOperation.ALTER,
            AclPermissionType.ALLOW), "kafka-cluster");
        refused(binding(ResourceType.GROUP, "a/b", PatternType.LITERAL, "User:x", "*", AclOperation.READ,
            AclPermissionType.ALLOW), "'/'");
    }
}
