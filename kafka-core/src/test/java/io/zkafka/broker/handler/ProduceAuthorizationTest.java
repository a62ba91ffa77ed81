package io.zkafka.broker.handler;

import static io.zkafka.broker.replica.ReplicaFixture.ME;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.replica.ReplicaFixture;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.RecordsPayload;
import io.zkafka.common.protocol.RequestHeader;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.common.security.KafkaPrincipal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Produce's checks on a real partition: Write on the topic per topic, and for transactional batches
 * Write on the request's transactional id (the batch header's flag read, nothing decoded).
 */
class ProduceAuthorizationTest {
    @TempDir
    Path dir;
    private ReplicaFixture fixture;
    private TopicPartition tp;

    /** Allows Write on the topic "t" and on the transactional id "tx-ok", nothing else. */
    private static final Authorizer RULES = new Authorizer() {
        @Override
        public boolean authorize(KafkaPrincipal principal, String clientAddress, AclOperation operation,
                                 ResourceType type, String name) {
            return operation == AclOperation.WRITE && (type == ResourceType.TOPIC && name.equals("t")
                || type == ResourceType.TRANSACTIONAL_ID && name.equals("tx-ok"));
        }

        @Override
        public boolean authorizeAny(KafkaPrincipal principal, String clientAddress, AclOperation operation,
                                    ResourceType type) {
            return false;
        }
    };

    @BeforeEach
    void start() throws Exception {
        fixture = new ReplicaFixture(dir, 30_000, 2);
        tp = fixture.createTopic("t", List.of(ME), ME, List.of(ME), 1);
        fixture.createTopic("other", List.of(ME), ME, List.of(ME), 1);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private ProduceResponse produce(String topic, ByteBuffer batch, String transactionalId) throws Exception {
        ProduceRequest request = new ProduceRequest((short) 1, 10_000, List.of(new ProduceRequest.TopicData(topic,
            List.of(new ProduceRequest.PartitionData(0, RecordsPayload.of(batch))))), transactionalId);
        RequestContext context = new RequestContext(new RequestHeader(ApiKeys.PRODUCE, ApiKeys.PRODUCE.latestVersion, 1,
            "test"), "/127.0.0.1:1", System.nanoTime());
        return new ProduceHandler(fixture.replicas, fixture.metrics, RULES).handle(context, request)
            .get(10, TimeUnit.SECONDS);
    }

    private static ByteBuffer batch(boolean transactional) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, Integer.MAX_VALUE);
        if (transactional) {
            builder.producer(7L, (short) 0, 0).transactional(true);
        }
        builder.append(1_000L, null, new byte[] {1});
        return builder.build();
    }

    private static Errors errorOf(ProduceResponse response) {
        return response.topics().get(0).partitions().get(0).error();
    }

    @Test
    void shouldWriteOnlyToTopicsThePrincipalMayWrite() throws Exception {
        assertEquals(Errors.NONE, errorOf(produce("t", batch(false), null)));
        assertEquals(Errors.TOPIC_AUTHORIZATION_FAILED, errorOf(produce("other", batch(false), null)));
        assertEquals(1, fixture.partition(tp).logEndOffset());
    }

    @Test
    void shouldNeedWriteOnTheTransactionalIdForTransactionalBatches() throws Exception {
        assertEquals(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, errorOf(produce("t", batch(true), "tx-other")));
        assertEquals(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, errorOf(produce("t", batch(true), null)));
        assertEquals(0, fixture.partition(tp).logEndOffset(), "nothing was written");
        assertEquals(Errors.NONE, errorOf(produce("t", batch(true), "tx-ok")));
        assertEquals(Errors.NONE, errorOf(produce("t", batch(false), "tx-other")),
            "a non-transactional batch needs no transactional id");
    }
}
