package io.zkafka.broker.kafkaprotocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.zkafka.broker.network.ClientQuotas;
import io.zkafka.broker.network.OrderedConnectionHandler;
import io.zkafka.broker.network.RejectionLog;
import io.zkafka.broker.network.RequestDispatcher;
import io.zkafka.broker.network.RequestMetrics;
import io.zkafka.broker.network.RequestThreads;
import io.zkafka.common.protocol.MalformedMessageException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * One connection on a Kafka listener (see {@link OrderedConnectionHandler} for ordering,
 * back-pressure and bad input; Kafka clients match answers by order as well as by correlation id).
 * A frame decodes with Kafka's generated classes; an unknown api key or an unsupported version
 * closes the connection, as Kafka's broker does, except ApiVersions above the advertised version,
 * which gets the version 0 answer with the supported versions at once. Produce and Fetch answers
 * carry the time a client over its quota must wait ({@code throttle_time_ms}, KIP-219).
 */
final class KafkaConnectionHandler extends OrderedConnectionHandler<KafkaConnectionHandler.Received> {

    /** A decoded request and the frame its record bytes are views of. */
    record Received(KafkaRequest request, ByteBuf frame) {
    }

    private final KafkaApis apis;
    private final KafkaRequestReader reader;
    private final RequestDispatcher dispatcher;

    KafkaConnectionHandler(KafkaApis apis, RequestDispatcher dispatcher, RequestThreads threads, RequestMetrics metrics,
                           RejectionLog rejections, ClientQuotas quotas) {
        super(threads, metrics, rejections, quotas);
        this.apis = apis;
        this.reader = new KafkaRequestReader(apis);
        this.dispatcher = dispatcher;
    }

    @Override
    protected Received decode(ByteBuf frame) {
        try {
            return new Received(reader.read(frame.nioBuffer()), frame);
        } catch (MalformedMessageException e) {
            frame.release();
            throw e;
        }
    }

    @Override
    protected Object answerAtOnce(Received received) {
        if (!received.request().isUnsupportedApiVersions()) {
            return null;
        }
        return new ApiVersionsResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code()).setApiKeys(apis.advertised());
    }

    @Override
    protected CompletableFuture<?> serve(Received received, long receivedNanos) {
        KafkaExchange exchange = new KafkaExchange(received.request(), peer(), receivedNanos, connectionClosed(),
            principal(), dispatcher);
        return apis.api(received.request().apiKey()).handle(exchange);
    }

    @Override
    protected void release(Received received) {
        received.frame().release();
    }

    @Override
    protected void encode(Received received, Object answer, ByteBufAllocator alloc, List<Object> parts) {
        KafkaRequest request = received.request();
        short version = request.isUnsupportedApiVersions() ? 0 : request.version();
        if (answer instanceof DirectAnswer direct) {
            direct.write(version, request.correlationId(), alloc, parts);
        } else {
            KafkaResponseWriter.write(request.apiKey(), version, request.correlationId(), (ApiMessage) answer, alloc, parts);
        }
    }

    @Override
    protected io.zkafka.common.protocol.ApiKeys metricsKey(Received received) {
        return io.zkafka.common.protocol.ApiKeys.forId(received.request().apiKey().id);
    }

    /** A produce request by its frame, a fetch by the record bytes of its answer, as Kafka counts them. */
    @Override
    protected QuotaUse quotaUse(Received received, Object answer, int requestBytes) {
        KafkaRequest request = received.request();
        if (request.apiKey() == ApiKeys.PRODUCE) {
            return new QuotaUse(ClientQuotas.Kind.PRODUCE, request.clientId(), requestBytes);
        }
        if (request.apiKey() == ApiKeys.FETCH && answer instanceof FetchResponseData response) {
            return new QuotaUse(ClientQuotas.Kind.FETCH, request.clientId(), recordBytes(response));
        }
        return null;
    }

    private static long recordBytes(FetchResponseData response) {
        long bytes = 0;
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                if (partition.records() != null) {
                    bytes += partition.records().sizeInBytes();
                }
            }
        }
        return bytes;
    }

    @Override
    protected void reportThrottle(Received received, Object answer, int throttleMs) {
        if (answer instanceof FetchResponseData fetch) {
            fetch.setThrottleTimeMs(throttleMs);
        } else if (answer instanceof ProduceResponseData produce) {
            produce.setThrottleTimeMs(throttleMs);
        } else if (answer instanceof ProduceAnswer produce) {
            produce.throttle(throttleMs);
        }
    }

    @Override
    protected String describe(Received received) {
        KafkaRequest request = received.request();
        return request.apiKey() + " v" + request.version() + " (correlation id " + request.correlationId() + ")";
    }
}
