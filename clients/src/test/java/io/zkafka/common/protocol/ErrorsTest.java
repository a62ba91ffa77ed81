package io.zkafka.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    @Test
    void shouldHaveUniqueCodes() {
        Set<Short> codes = new HashSet<>();
        for (Errors error : Errors.values()) {
            assertTrue(codes.add(error.code()), "duplicate code " + error.code() + " at " + error);
        }
    }

    @Test
    void shouldMapEveryCodeBackToItsError() {
        for (Errors error : Errors.values()) {
            assertEquals(error, Errors.forCode(error.code()));
        }
    }

    @Test
    void shouldMapUnknownCodesToUnknownServerError() {
        assertEquals(Errors.UNKNOWN_SERVER_ERROR, Errors.forCode((short) 30_000));
        assertEquals(Errors.UNKNOWN_SERVER_ERROR, Errors.forCode((short) -7));
    }

    @Test
    void shouldKeepKafkaCodesForWellKnownErrors() {
        assertEquals(3, Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertEquals(6, Errors.NOT_LEADER_OR_FOLLOWER.code());
        assertEquals(19, Errors.NOT_ENOUGH_REPLICAS.code());
        assertEquals(41, Errors.NOT_CONTROLLER.code());
    }
}
