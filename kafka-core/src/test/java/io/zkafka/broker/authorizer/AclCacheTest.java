package io.zkafka.broker.authorizer;

import static io.zkafka.common.acl.AclOperation.ALL;
import static io.zkafka.common.acl.AclOperation.ALTER_CONFIGS;
import static io.zkafka.common.acl.AclOperation.DESCRIBE;
import static io.zkafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static io.zkafka.common.acl.AclOperation.READ;
import static io.zkafka.common.acl.AclOperation.WRITE;
import static io.zkafka.common.acl.AclPermissionType.ALLOW;
import static io.zkafka.common.acl.AclPermissionType.DENY;
import static io.zkafka.common.resource.ResourceType.GROUP;
import static io.zkafka.common.resource.ResourceType.TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.acl.AccessControlEntry;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.acl.AclPermissionType;
import io.zkafka.common.resource.PatternType;
import io.zkafka.common.resource.ResourcePattern;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.common.security.KafkaPrincipal;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AclCacheTest {
    private static final KafkaPrincipal ALICE = KafkaPrincipal.user("alice");
    private static final KafkaPrincipal BOB = KafkaPrincipal.user("bob");
    private static final String FROM = "/127.0.0.1:50000";

    private final AclCache cache = new AclCache();

    private void put(ResourceType type, String name, PatternType patternType, AccessControlEntry... entries) {
        cache.put(new ResourcePattern(type, name, patternType), Set.of(entries));
    }

    private static AccessControlEntry entry(String principal, AclOperation op, AclPermissionType permission) {
        return new AccessControlEntry(principal, "*", op, permission);
    }

    private boolean may(KafkaPrincipal who, AclOperation op, ResourceType type, String name) {
        return cache.authorize(who, FROM, op, type, name, false);
    }

    @Test
    void shouldAllowOnlyTheNamedPrincipalAndOperation() {
        put(TOPIC, "orders", PatternType.LITERAL, entry("User:alice", READ, ALLOW));
        assertTrue(may(ALICE, READ, TOPIC, "orders"));
        assertFalse(may(ALICE, WRITE, TOPIC, "orders"));
        assertFalse(may(BOB, READ, TOPIC, "orders"));
        assertFalse(may(ALICE, READ, TOPIC, "other"), "no ACL and allow.everyone.if.no.acl.found=false");
        assertFalse(may(ALICE, READ, GROUP, "orders"), "another resource type");
    }

    @Test
    void shouldImplyDescribeFromReadWriteDeleteAlterAndDescribeConfigsFromAlterConfigs() {
        for (AclOperation op : new AclOperation[] {READ, WRITE, AclOperation.DELETE, AclOperation.ALTER}) {
            AclCache one = new AclCache();
            one.put(new ResourcePattern(TOPIC, "t", PatternType.LITERAL), Set.of(entry("User:alice", op, ALLOW)));
            assertTrue(one.authorize(ALICE, FROM, DESCRIBE, TOPIC, "t", false), op + " implies Describe");
            assertFalse(one.authorize(ALICE, FROM, DESCRIBE_CONFIGS, TOPIC, "t", false), op + " does not imply DescribeConfigs");
        }
        put(TOPIC, "c", PatternType.LITERAL, entry("User:alice", ALTER_CONFIGS, ALLOW));
        assertTrue(may(ALICE, DESCRIBE_CONFIGS, TOPIC, "c"));
        assertFalse(may(ALICE, DESCRIBE, TOPIC, "c"));
        put(TOPIC, "a", PatternType.LITERAL, entry("User:alice", ALL, ALLOW));
        for (AclOperation op : AclOperation.values()) {
            if (op != AclOperation.ANY) {
                assertTrue(may(ALICE, op, TOPIC, "a"), "All allows " + op);
            }
        }
    }

    @Test
    void shouldLetDenyWinOverAllowFromAnyMatchingPattern() {
        put(TOPIC, "*", PatternType.LITERAL, entry("User:*", ALL, ALLOW));
        put(TOPIC, "secret-", PatternType.PREFIXED, entry("User:bob", READ, DENY));
        assertTrue(may(BOB, READ, TOPIC, "public"));
        assertFalse(may(BOB, READ, TOPIC, "secret-plans"));
        assertTrue(may(BOB, WRITE, TOPIC, "secret-plans"), "a DENY of Read denies only Read");
        assertTrue(may(BOB, DESCRIBE, TOPIC, "secret-plans"), "a DENY does not imply: Describe is still allowed");
        assertTrue(may(ALICE, READ, TOPIC, "secret-plans"));
        put(TOPIC, "locked", PatternType.LITERAL, entry("User:alice", ALL, DENY));
        assertFalse(may(ALICE, DESCRIBE, TOPIC, "locked"));
    }

    @Test
    void shouldMatchPrefixesOnlyAtTheStartOfTheName() {
        put(TOPIC, "team-a.", PatternType.PREFIXED, entry("User:alice", WRITE, ALLOW));
        put(TOPIC, "team-a.x", PatternType.LITERAL, entry("User:bob", WRITE, ALLOW)); // sorts between, unrelated
        put(TOPIC, "team-b", PatternType.PREFIXED, entry("User:bob", WRITE, ALLOW));
        assertTrue(may(ALICE, WRITE, TOPIC, "team-a.orders"));
        assertTrue(may(ALICE, WRITE, TOPIC, "team-a."));
        assertFalse(may(ALICE, WRITE, TOPIC, "team-a"));
        assertFalse(may(ALICE, WRITE, TOPIC, "xteam-a.orders"));
        assertFalse(may(ALICE, WRITE, TOPIC, "team-b.orders"));
    }

    @Test
    void shouldMatchHostsByAddress() {
        cache.put(new ResourcePattern(TOPIC, "t", PatternType.LITERAL),
            Set.of(new AccessControlEntry("User:alice", "10.0.0.7", READ, ALLOW)));
        assertTrue(cache.authorize(ALICE, "/10.0.0.7:4000", READ, TOPIC, "t", false));
        assertFalse(cache.authorize(ALICE, "/10.0.0.8:4000", READ, TOPIC, "t", false));
        assertEquals("10.0.0.7", AclCache.hostOf("broker-1/10.0.0.7:9092"));
        assertEquals("0:0:0:0:0:0:0:1", AclCache.hostOf("/0:0:0:0:0:0:0:1:9092"));
    }

    @Test
    void shouldFollowAllowEveryoneIfNoAclOnlyForResourcesWithoutAnyAcl() {
        put(TOPIC, "guarded", PatternType.LITERAL, entry("User:bob", READ, ALLOW));
        assertTrue(cache.authorize(ALICE, FROM, READ, TOPIC, "open", true));
        assertFalse(cache.authorize(ALICE, FROM, READ, TOPIC, "guarded", true));
        assertTrue(cache.authorize(ALICE, FROM, READ, GROUP, "g", true));
    }

    @Test
    void shouldForgetAPatternWhoseEntriesAreGoneAndReplaceEverythingOnReload() {
        put(TOPIC, "t", PatternType.LITERAL, entry("User:alice", READ, ALLOW));
        put(TOPIC, "t", PatternType.LITERAL);
        assertFalse(may(ALICE, READ, TOPIC, "t"));
        assertTrue(cache.authorize(ALICE, FROM, READ, TOPIC, "t", true));
        cache.replaceAll(java.util.Map.of(new ResourcePattern(GROUP, "g", PatternType.LITERAL),
            Set.of(entry("User:alice", READ, ALLOW))));
        assertTrue(may(ALICE, READ, GROUP, "g"));
        assertEquals(1, cache.all().size());
    }

    @Test
    void shouldParseKafkaSpellingsOfOperations() {
        assertEquals(AclOperation.IDEMPOTENT_WRITE, AclOperation.parse("IdempotentWrite"));
        assertEquals(AclOperation.CLUSTER_ACTION, AclOperation.parse("CLUSTER_ACTION"));
        assertEquals(ResourceType.TRANSACTIONAL_ID, ResourceType.parse("TransactionalId"));
        assertEquals(ResourceType.TRANSACTIONAL_ID, ResourceType.parse("TRANSACTIONAL_ID"));
    }
}
