package io.zkafka.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.KafkaException;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.DuplicateSequenceException;
import io.zkafka.common.errors.InvalidPidMappingException;
import io.zkafka.common.errors.InvalidProducerEpochException;
import io.zkafka.common.errors.InvalidTxnStateException;
import io.zkafka.common.errors.OutOfOrderSequenceException;
import io.zkafka.common.errors.ProducerFencedException;
import io.zkafka.common.errors.RetriableException;
import io.zkafka.common.errors.TransactionCoordinatorFencedException;
import io.zkafka.common.errors.UnknownProducerIdException;
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

    @Test
    void shouldKeepKafkaCodesForProducerStateErrors() {
        assertEquals(45, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertEquals(46, Errors.DUPLICATE_SEQUENCE_NUMBER.code());
        assertEquals(47, Errors.INVALID_PRODUCER_EPOCH.code());
        assertEquals(49, Errors.INVALID_PRODUCER_ID_MAPPING.code());
        assertEquals(59, Errors.UNKNOWN_PRODUCER_ID.code());
        assertEquals(90, Errors.PRODUCER_FENCED.code());
    }

    @Test
    void shouldKeepKafkasCodesAndExceptionsForTransactionStateErrors() {
        assertEquals(48, Errors.INVALID_TXN_STATE.code());
        assertEquals(52, Errors.TRANSACTION_COORDINATOR_FENCED.code());
        assertInstanceOf(InvalidTxnStateException.class, ApiException.forError(Errors.INVALID_TXN_STATE, "t-0"));
        assertInstanceOf(TransactionCoordinatorFencedException.class,
            ApiException.forError(Errors.TRANSACTION_COORDINATOR_FENCED, "t-0"));
        assertFalse(Errors.TRANSACTION_COORDINATOR_FENCED.isRetriable());
    }

    @Test
    void shouldTurnProducerStateErrorsIntoTheirOwnExceptions() {
        assertInstanceOf(OutOfOrderSequenceException.class,
            ApiException.forError(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "t-0"));
        assertInstanceOf(DuplicateSequenceException.class, ApiException.forError(Errors.DUPLICATE_SEQUENCE_NUMBER, null));
        assertInstanceOf(InvalidProducerEpochException.class, ApiException.forError(Errors.INVALID_PRODUCER_EPOCH, null));
        assertInstanceOf(InvalidPidMappingException.class,
            ApiException.forError(Errors.INVALID_PRODUCER_ID_MAPPING, null));
        assertInstanceOf(UnknownProducerIdException.class, ApiException.forError(Errors.UNKNOWN_PRODUCER_ID, null));
        ApiException fenced = ApiException.forError(Errors.PRODUCER_FENCED, "t-0");
        assertInstanceOf(ProducerFencedException.class, fenced);
        assertEquals(Errors.PRODUCER_FENCED, fenced.error());
        assertTrue(fenced.getMessage().contains("t-0"), fenced.getMessage());
        assertFalse(fenced instanceof RetriableException, "fencing is fatal");
    }

    @Test
    void shouldKeepKafkaCodesForTransactionErrors() {
        assertEquals(48, Errors.INVALID_TXN_STATE.code());
        assertEquals(50, Errors.INVALID_TRANSACTION_TIMEOUT.code());
        assertEquals(51, Errors.CONCURRENT_TRANSACTIONS.code());
        assertEquals(52, Errors.TRANSACTION_COORDINATOR_FENCED.code());
        assertEquals(55, Errors.OPERATION_NOT_ATTEMPTED.code());
        assertEquals(88, Errors.UNSTABLE_OFFSET_COMMIT.code());
        assertEquals(105, Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
        assertTrue(Errors.CONCURRENT_TRANSACTIONS.isRetriable(), "the previous transaction completes soon");
        assertTrue(Errors.UNSTABLE_OFFSET_COMMIT.isRetriable(), "the pending offsets settle soon");
        assertInstanceOf(InvalidTxnStateException.class, ApiException.forError(Errors.INVALID_TXN_STATE, "t"));
        assertInstanceOf(KafkaException.class, ApiException.forError(Errors.PRODUCER_FENCED, null),
            "every broker error is a KafkaException, as in Kafka");
    }
}
