package io.zkafka.common.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.resource.PatternType;
import io.zkafka.common.resource.ResourcePattern;
import io.zkafka.common.resource.ResourcePatternFilter;
import io.zkafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** Kafka's filter semantics: ANY, MATCH and exact pattern types, null as "any", and the operation implications. */
class AclBindingFilterTest {
    private static final ResourcePattern LITERAL = new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL);
    private static final ResourcePattern WILDCARD = new ResourcePattern(ResourceType.TOPIC, "*", PatternType.LITERAL);
    private static final ResourcePattern PREFIX = new ResourcePattern(ResourceType.TOPIC, "ord", PatternType.PREFIXED);
    private static final ResourcePattern OTHER = new ResourcePattern(ResourceType.TOPIC, "payments", PatternType.LITERAL);
    private static final ResourcePattern GROUP = new ResourcePattern(ResourceType.GROUP, "orders", PatternType.LITERAL);

    @Test
    void shouldMatchEveryPatternThatAppliesToTheNamedResourceWithMatch() {
        ResourcePatternFilter match = new ResourcePatternFilter(ResourceType.TOPIC, "orders", PatternType.MATCH);
        assertTrue(match.matches(LITERAL));
        assertTrue(match.matches(WILDCARD));
        assertTrue(match.matches(PREFIX));
        assertFalse(match.matches(OTHER));
        assertFalse(match.matches(GROUP));
    }

    @Test
    void shouldMatchExactPatternTypesAndAnyName() {
        assertTrue(new ResourcePatternFilter(ResourceType.TOPIC, "orders", PatternType.ANY).matches(LITERAL));
        assertFalse(new ResourcePatternFilter(ResourceType.TOPIC, "orders", PatternType.ANY).matches(PREFIX));
        assertTrue(new ResourcePatternFilter(ResourceType.TOPIC, null, PatternType.PREFIXED).matches(PREFIX));
        assertFalse(new ResourcePatternFilter(ResourceType.TOPIC, null, PatternType.PREFIXED).matches(LITERAL));
        assertTrue(ResourcePatternFilter.ANY.matches(GROUP));
    }

    @Test
    void shouldMatchEntriesByEachGivenField() {
        AccessControlEntry entry = new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW);
        assertTrue(AccessControlEntryFilter.ANY.matches(entry));
        assertTrue(new AccessControlEntryFilter("User:alice", null, AclOperation.ANY, AclPermissionType.ALLOW).matches(entry));
        assertFalse(new AccessControlEntryFilter("User:bob", null, AclOperation.ANY, AclPermissionType.ANY).matches(entry));
        assertFalse(new AccessControlEntryFilter(null, null, AclOperation.WRITE, AclPermissionType.ANY).matches(entry));
        assertFalse(new AccessControlEntryFilter(null, "10.0.0.1", AclOperation.ANY, AclPermissionType.ANY).matches(entry));
    }

    @Test
    void shouldKnowKafkasCodesAndRefuseUnknownOnes() {
        assertEquals(3, AclOperation.READ.code());
        assertEquals(12, AclOperation.IDEMPOTENT_WRITE.code());
        assertEquals(AclPermissionType.DENY, AclPermissionType.fromCode((byte) 2));
        assertEquals(ResourceType.TRANSACTIONAL_ID, ResourceType.fromCode((byte) 5));
        assertEquals(PatternType.PREFIXED, PatternType.fromCode((byte) 4));
        assertThrows(IllegalArgumentException.class, () -> ResourceType.fromCode((byte) 6));
        assertThrows(IllegalArgumentException.class, () -> AclOperation.parse("Fly"));
        assertTrue(AclOperation.ALTER.allows(AclOperation.DESCRIBE));
        assertFalse(AclOperation.DESCRIBE.allows(AclOperation.READ));
        assertFalse(AclOperation.READ.denies(AclOperation.DESCRIBE));
    }
}
