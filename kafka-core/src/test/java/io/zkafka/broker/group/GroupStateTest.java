package io.zkafka.broker.group;

import static io.zkafka.broker.group.GroupState.COMPLETING_REBALANCE;
import static io.zkafka.broker.group.GroupState.DEAD;
import static io.zkafka.broker.group.GroupState.EMPTY;
import static io.zkafka.broker.group.GroupState.PREPARING_REBALANCE;
import static io.zkafka.broker.group.GroupState.STABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The moves a group may make between its states, and that every other move is refused. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GroupStateTest {
    /** The drawn diagram, as pairs from -> to. */
    private static final Map<GroupState, Set<GroupState>> ALLOWED = Map.of(
        EMPTY, Set.of(PREPARING_REBALANCE, DEAD),
        PREPARING_REBALANCE, Set.of(EMPTY, COMPLETING_REBALANCE, DEAD),
        COMPLETING_REBALANCE, Set.of(PREPARING_REBALANCE, STABLE, DEAD),
        STABLE, Set.of(PREPARING_REBALANCE, DEAD),
        DEAD, Set.of());

    @Test
    void shouldAllowExactlyTheDrawnMoves() {
        for (GroupState from : GroupState.values()) {
            for (GroupState to : GroupState.values()) {
                GroupMetadata group = groupIn(from);
                if (ALLOWED.get(from).contains(to)) {
                    group.transitionTo(to, 50);
                    assertEquals(to, group.state(), from + " -> " + to);
                } else {
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> group.transitionTo(to, 50),
                        from + " -> " + to + " must be refused");
                    assertEquals("Group g cannot move from " + from + " to " + to, e.getMessage());
                    assertEquals(from, group.state(), "a refused move leaves the state alone");
                }
            }
        }
    }

    @Test
    void shouldKeepADeadGroupDeadForever() {
        GroupMetadata group = groupIn(DEAD);
        for (GroupState next : GroupState.values()) {
            assertThrows(IllegalStateException.class, () -> group.transitionTo(next, 60));
        }
    }

    @Test
    void shouldRememberWhenTheGroupBecameEmpty() {
        GroupMetadata group = new GroupMetadata("g", 0);
        assertEquals(-1, group.emptySinceMs(), "a new group's Empty moment is unknown");
        group.transitionTo(PREPARING_REBALANCE, 100);
        assertEquals(-1, group.emptySinceMs(), "only an Empty group has one");
        group.transitionTo(EMPTY, 200);
        assertEquals(200, group.emptySinceMs());
    }

    @Test
    void shouldStartALoadedGroupOnlyEmptyOrStable() {
        assertEquals(STABLE, new GroupMetadata("g", 0, STABLE, 7).state());
        assertEquals(7, new GroupMetadata("g", 0, EMPTY, 7).emptySinceMs());
        for (GroupState initial : List.of(PREPARING_REBALANCE, COMPLETING_REBALANCE, DEAD)) {
            assertThrows(IllegalArgumentException.class, () -> new GroupMetadata("g", 0, initial, 7), initial.name());
        }
    }

    /** A group that reached {@code state} through allowed moves. */
    private static GroupMetadata groupIn(GroupState state) {
        GroupMetadata group = new GroupMetadata("g", 0);
        List<GroupState> path = switch (state) {
            case EMPTY -> List.of();
            case PREPARING_REBALANCE -> List.of(PREPARING_REBALANCE);
            case COMPLETING_REBALANCE -> List.of(PREPARING_REBALANCE, COMPLETING_REBALANCE);
            case STABLE -> List.of(PREPARING_REBALANCE, COMPLETING_REBALANCE, STABLE);
            case DEAD -> List.of(DEAD);
        };
        path.forEach(next -> group.transitionTo(next, 10));
        return group;
    }
}
