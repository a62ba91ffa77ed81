package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CoordinationConfigTest {
    @Test
    void shouldApplyKafkaDefaultsAndSplitTheChroot() {
        CoordinationConfig config = CoordinationConfig.forConnect("127.0.0.1:2181,127.0.0.1:2182/zkafka/prod");
        assertEquals("127.0.0.1:2181,127.0.0.1:2182", config.hosts());
        assertEquals("zkafka/prod", config.chroot());
        assertEquals(18000, config.sessionTimeoutMs());
        assertEquals(18000, config.connectionTimeoutMs());
        assertEquals(5, config.retryMaxRetries());
        assertEquals("", CoordinationConfig.forConnect("zk1:2181/").chroot());
        assertEquals("", CoordinationConfig.forConnect("zk1").chroot());
    }

    @Test
    void shouldReadSetAclAsKafkaDoesDefaultingToFalse() {
        assertEquals(false, CoordinationConfig.forConnect("zk").setAcl());
        assertEquals(true, CoordinationConfig.from(Map.of("zookeeper.connect", "zk", "zookeeper.set.acl", " TRUE ")).setAcl());
        assertEquals(true, CoordinationConfig.from(Map.of("zookeeper.connect", "zk", "zookeeper.set.acl", true)).setAcl());
        CoordinationConfigException e = assertThrows(CoordinationConfigException.class,
            () -> CoordinationConfig.from(Map.of("zookeeper.connect", "zk", "zookeeper.set.acl", "yes")));
        assertEquals("zookeeper.set.acl must be true or false, got \"yes\"", e.getMessage());
    }

    @Test
    void shouldReadServerPropertiesIgnoringOtherKeys() {
        Properties props = new Properties();
        props.setProperty("zookeeper.connect", "zk:2181");
        props.setProperty("zookeeper.session.timeout.ms", " 6000 ");
        props.setProperty("log.dirs", "/tmp/kafka");
        CoordinationConfig config = CoordinationConfig.from(props);
        assertEquals(6000, config.sessionTimeoutMs());
        assertEquals(6000, config.connectionTimeoutMs());
    }

    @Test
    void shouldFailNamingTheKeyOfABadValue() {
        Map<Map<String, String>, String> cases = Map.of(
            Map.of(), "zookeeper.connect is required",
            Map.of("zookeeper.connect", "zk:notaport"), "zookeeper.connect has an invalid port",
            Map.of("zookeeper.connect", "zk:70000"), "zookeeper.connect port 70000",
            Map.of("zookeeper.connect", ":2181"), "zookeeper.connect has an empty host",
            Map.of("zookeeper.connect", "zk:2181/a//b"), "zookeeper.connect has an invalid chroot",
            Map.of("zookeeper.connect", "zk:2181/a/"), "chroot must not end with '/'",
            Map.of("zookeeper.connect", "zk", "zookeeper.session.timeout.ms", "soon"),
            "zookeeper.session.timeout.ms must be an integer",
            Map.of("zookeeper.connect", "zk", "zookeeper.connection.timeout.ms", "0"),
            "zookeeper.connection.timeout.ms must be > 0",
            Map.of("zookeeper.connect", "zk", "zookeeper.retry.max.retries", "30"),
            "zookeeper.retry.max.retries must be in [0, 29]",
            Map.of("zookeeper.connect", "zk", "zookeeper.retry.max.backoff.ms", "10"),
            "zookeeper.retry.max.backoff.ms (10) must be >= zookeeper.retry.base.backoff.ms (100)");
        cases.forEach((props, expected) -> {
            CoordinationConfigException e = assertThrows(CoordinationConfigException.class,
                () -> CoordinationConfig.from(props), props.toString());
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        });
    }

    @Test
    void shouldDocumentEveryKeyInTheReadmeAsRenderedFromTheDefinitions() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(CoordinationConfig.markdownReference()),
            "coordination/README.md must contain the table rendered by CoordinationConfig.markdownReference():\n"
                + CoordinationConfig.markdownReference());
    }

    @Test
    void shouldPickTheLatchChildWithTheLowestSequenceAsController() {
        Map<String, byte[]> children = Map.of(
            "_c_aaa-latch-0000000003", "1".getBytes(),
            "_c_bbb-latch-0000000001", "2".getBytes(),
            "_c_ccc-latch-0000000002", "3".getBytes());
        assertEquals(OptionalInt.of(2),
            ControllerIdTracker.leaderOf(List.copyOf(children.keySet()), children::get));
        assertEquals(OptionalInt.empty(), ControllerIdTracker.leaderOf(List.of(), name -> null));
    }
}
