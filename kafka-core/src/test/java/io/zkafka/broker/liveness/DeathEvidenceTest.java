package io.zkafka.broker.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ConnectTimeoutException;
import io.zkafka.broker.liveness.DeathEvidence.Next;
import io.zkafka.broker.liveness.DeathEvidence.State;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DeathEvidenceTest {
    private final DeathEvidence evidence = new DeathEvidence(2);

    @Test
    void shouldDeclareDeathOnlyAfterADropAndEnoughRefusalsInARow() {
        assertEquals(Next.NOTHING, evidence.connected());
        assertEquals(Next.PROBE_NOW, evidence.connectionLost());
        assertEquals(Next.PROBE_AFTER_INTERVAL, evidence.refused());
        assertEquals(State.SUSPECT, evidence.state());
        assertEquals(Next.DECLARE_DEAD, evidence.refused());
        assertEquals(State.DEAD, evidence.state());
    }

    @Test
    void shouldTakeRefusalsBeforeAnyConnectionAsNoEvidence() {
        for (int i = 0; i < 5; i++) {
            assertEquals(Next.RETRY_LATER, evidence.refused(), "a listener never reached may be a wrong address");
        }
        assertEquals(State.CONNECTING, evidence.state());
    }

    @Test
    void shouldStartCountingAgainAfterATimeoutOrAnotherError() {
        evidence.connected();
        evidence.connectionLost();
        evidence.refused();
        assertEquals(Next.RETRY_LATER, evidence.unreachable(), "a timeout: cut off, or slow, not dead");
        assertEquals(Next.PROBE_AFTER_INTERVAL, evidence.refused(), "one refusal again, not two");
        assertEquals(Next.DECLARE_DEAD, evidence.refused());
    }

    @Test
    void shouldGoBackToWatchingWhenAProbeConnects() {
        evidence.connected();
        evidence.connectionLost();
        evidence.refused();
        assertEquals(Next.NOTHING, evidence.connected(), "the listener answers: the process lives");
        assertEquals(State.WATCHING, evidence.state());
        assertEquals(Next.PROBE_NOW, evidence.connectionLost());
        assertEquals(Next.PROBE_AFTER_INTERVAL, evidence.refused(), "refusals counted afresh");
    }

    @Test
    void shouldKeepADeadIncarnationDeadWhateverListensOnItsPortLater() {
        evidence.connected();
        evidence.connectionLost();
        evidence.refused();
        evidence.refused();
        assertEquals(Next.NOTHING, evidence.connected());
        assertEquals(State.DEAD, evidence.state());
        assertEquals(Next.NOTHING, evidence.connectionLost());
        assertEquals(Next.NOTHING, evidence.refused());
    }

    @Test
    void shouldIgnoreWhatCannotHappenWhileWatching() {
        evidence.connected();
        assertEquals(Next.NOTHING, evidence.refused());
        assertEquals(Next.NOTHING, evidence.unreachable());
        assertEquals(State.WATCHING, evidence.state());
    }

    @Test
    void shouldRefuseToDeclareDeathWithoutARefusal() {
        assertThrows(IllegalArgumentException.class, () -> new DeathEvidence(0));
    }

    @Test
    void shouldTellARefusalFromOtherConnectFailures() {
        assertTrue(ConnectFailures.isRefused(new ConnectException("Connection refused")));
        assertTrue(ConnectFailures.isRefused(new IOException("wrapped",
            new ConnectException("finishConnect(..) failed: Connection refused"))));
        assertFalse(ConnectFailures.isRefused(new ConnectTimeoutException("connection timed out after 1000 ms")));
        assertFalse(ConnectFailures.isRefused(new ConnectException("Connection timed out")));
        assertFalse(ConnectFailures.isRefused(new NoRouteToHostException("No route to host")));
        assertFalse(ConnectFailures.isRefused(new ConnectException(null)));
    }
}
