package io.zkafka.broker.replica;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StorageErrorLogTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final StorageErrorLog errors = new StorageErrorLog(LoggerFactory.getLogger(StorageErrorLogTest.class),
        60_000, clock::get);

    @Test
    void shouldLogEachPartitionsStorageErrorsAtMostOncePerInterval() {
        TopicPartition orders = new TopicPartition("orders", 0);
        TopicPartition other = new TopicPartition("orders", 1);
        IOException full = new IOException("No space left on device");

        assertTrue(errors.warn(orders, "Append to", full));
        assertFalse(errors.warn(orders, "Append to", full));
        assertTrue(errors.warn(other, "Append to", full), "another partition has its own line");
        clock.addAndGet(59_999);
        assertFalse(errors.warn(orders, "Read of", full));
        clock.addAndGet(1);
        assertTrue(errors.warn(orders, "Append to", full));
    }
}
