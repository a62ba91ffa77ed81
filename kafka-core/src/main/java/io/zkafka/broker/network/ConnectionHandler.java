package io.zkafka.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.zkafka.common.message.FetchRequest;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageCodec;
import io.zkafka.common.protocol.ReceivedMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One connection on the native listener: ZKafka's Kryo frames, each request dispatched to the
 * handler of its API (see {@link OrderedConnectionHandler} for ordering, back-pressure and bad
 * input). The codec is confined to the channel's event loop.
 */
final class ConnectionHandler extends OrderedConnectionHandler<ReceivedMessage> {
    private final RequestDispatcher dispatcher;
    private final MessageCodec codec = new MessageCodec();

    ConnectionHandler(RequestDispatcher dispatcher, RequestThreads threads, RequestMetrics metrics,
                      RejectionLog rejections, ClientQuotas quotas) {
        super(threads, metrics, rejections, quotas);
        this.dispatcher = dispatcher;
    }

    @Override
    protected ReceivedMessage decode(ByteBuf frame) {
        return codec.decodeRequest(frame);
    }

    @Override
    protected CompletableFuture<? extends Message> serve(ReceivedMessage request, long receivedNanos) {
        RequestContext context = new RequestContext(request.header(), peer(), receivedNanos, connectionClosed(),
            principal());
        return dispatcher.dispatch(context, request.body());
    }

    @Override
    protected void release(ReceivedMessage request) {
        request.release();
    }

    @Override
    protected void encode(ReceivedMessage request, Object answer, ByteBufAllocator alloc, List<Object> parts) {
        codec.encodeResponse(request.header().correlationId(), request.header().apiVersion(), (Message) answer,
            alloc, parts);
    }

    @Override
    protected ApiKeys metricsKey(ReceivedMessage request) {
        return request.header().apiKey();
    }

    /** A produce request by its frame; a consumer's fetch (not a follower's) by the record bytes answered. */
    @Override
    protected QuotaUse quotaUse(ReceivedMessage request, Object answer, int requestBytes) {
        ApiKeys key = request.header().apiKey();
        if (key == ApiKeys.PRODUCE) {
            return new QuotaUse(ClientQuotas.Kind.PRODUCE, request.header().clientId(), requestBytes);
        }
        if (key == ApiKeys.FETCH && request.body() instanceof FetchRequest fetch
            && fetch.replicaId() == FetchRequest.CONSUMER_REPLICA_ID && answer instanceof FetchResponse response) {
            return new QuotaUse(ClientQuotas.Kind.FETCH, request.header().clientId(), recordBytes(response));
        }
        return null;
    }

    static long recordBytes(FetchResponse response) {
        long bytes = 0;
        for (FetchResponse.FetchableTopic topic : response.topics()) {
            for (FetchResponse.PartitionData partition : topic.partitions()) {
                bytes += partition.records().sizeInBytes();
            }
        }
        return bytes;
    }

    @Override
    protected String describe(ReceivedMessage request) {
        return request.header().toString();
    }
}
