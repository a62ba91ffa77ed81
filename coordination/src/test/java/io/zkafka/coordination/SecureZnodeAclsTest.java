package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.Test;

class SecureZnodeAclsTest {
    private static final ACL CREATOR_ALL = new ACL(ZooDefs.Perms.ALL, new Id("auth", ""));
    private static final ACL WORLD_READ = new ACL(ZooDefs.Perms.READ, new Id("world", "anyone"));

    @Test
    void shouldGiveTheCreatorEverythingAndAnyoneReadOutsideTheSensitiveRoots() {
        SecureZnodeAcls acls = new SecureZnodeAcls("zkafka/prod");
        for (String open : List.of("/zkafka", "/zkafka/prod", "/zkafka/prod/brokers/ids/1", "/zkafka/prod/config/topics/t",
                "/zkafka/prod/config/usersx", "/config/users", "/zkafka/config/users", "/zkafka/prod/config/clients",
                "/zkafka/prod/config/clients/<default>")) {
            assertEquals(List.of(CREATOR_ALL, WORLD_READ), acls.getAclForPath(open), open);
        }
        for (String sensitive : List.of("/zkafka/prod/config/users", "/zkafka/prod/config/users/alice",
                "/zkafka/prod/config/users/alice/clients", "/zkafka/prod/config/users/<default>/clients/app",
                "/zkafka/prod/config/brokers", "/zkafka/prod/config/brokers/1", "/zkafka/prod/delegation_token/x")) {
            assertEquals(List.of(CREATOR_ALL), acls.getAclForPath(sensitive), sensitive);
        }
        assertEquals(List.of(CREATOR_ALL, WORLD_READ), acls.getDefaultAcl());
    }

    @Test
    void shouldMatchTheSensitiveRootsAtTheTopWithoutAChroot() {
        SecureZnodeAcls acls = new SecureZnodeAcls("");
        assertEquals(List.of(CREATOR_ALL), acls.getAclForPath("/config/users/alice"));
        assertEquals(List.of(CREATOR_ALL, WORLD_READ), acls.getAclForPath("/config/topics/t"));
        // ZooKeeper asks whether the list holds null before sending it
        assertEquals(false, acls.getAclForPath("/brokers").contains(null));
    }
}
