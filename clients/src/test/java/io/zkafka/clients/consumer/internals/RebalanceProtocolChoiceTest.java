package io.zkafka.clients.consumer.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkafka.clients.consumer.ConsumerPartitionAssignor.RebalanceProtocol;
import io.zkafka.clients.consumer.CooperativeStickyAssignor;
import io.zkafka.clients.consumer.RangeAssignor;
import io.zkafka.common.errors.FencedInstanceIdException;
import io.zkafka.common.protocol.Errors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rebalance protocol a consumer runs, and how group errors change its membership. */
class RebalanceProtocolChoiceTest {

    @Test
    void shouldRunCooperativeOnlyWhenEveryAssignorSupportsIt() {
        assertEquals(RebalanceProtocol.COOPERATIVE,
            ConsumerCoordinator.commonProtocol(List.of(new CooperativeStickyAssignor())));
        assertEquals(RebalanceProtocol.EAGER, ConsumerCoordinator.commonProtocol(List.of(new RangeAssignor(),
            new CooperativeStickyAssignor())), "Kafka's default list runs eager");
        assertEquals(RebalanceProtocol.EAGER, ConsumerCoordinator.commonProtocol(List.of(new RangeAssignor())));
    }

    @Test
    void shouldForgetTheMembershipOnUnknownMemberAndKeepItOnRebalanceInProgress() {
        MemberState member = new MemberState("g", null);
        member.joined("m-1", 4);
        member.stable();
        member.onGroupError(Errors.REBALANCE_IN_PROGRESS, "heartbeat");
        assertEquals("m-1", member.memberId());
        assertEquals(4, member.generation());
        assertEquals(true, member.needsJoin());
        member.onGroupError(Errors.UNKNOWN_MEMBER_ID, "heartbeat");
        assertEquals("", member.memberId());
        assertEquals(false, member.hasGeneration());
        assertEquals(true, member.onGroupError(Errors.NOT_COORDINATOR, "sync"), "find the coordinator again");
    }

    @Test
    void shouldTurnAFencedInstanceIdIntoAFatalError() {
        MemberState member = new MemberState("g", "instance-7");
        assertThrows(FencedInstanceIdException.class, () -> member.onGroupError(Errors.FENCED_INSTANCE_ID, "heartbeat"));
        FencedInstanceIdException e = assertThrows(FencedInstanceIdException.class, member::throwIfFatal);
        assertEquals(true, e.getMessage().contains("instance-7"), e.getMessage());
        assertEquals(Errors.FENCED_INSTANCE_ID, e.error());
    }
}
