package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.AlterClientQuotasRequest;
import io.zkafka.common.message.AlterClientQuotasResponse;
import io.zkafka.common.message.ClientQuotaEntityData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData.EntityData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData.EntryData;

/** AlterClientQuotas: each entity's set and remove operations and validate_only, one result per entity back. */
final class AlterClientQuotasApi implements KafkaApi {

    @Override
    public CompletableFuture<AlterClientQuotasResponseData> handle(KafkaExchange exchange) {
        AlterClientQuotasRequestData request = exchange.body();
        List<AlterClientQuotasRequest.Entry> entries = new ArrayList<>();
        for (AlterClientQuotasRequestData.EntryData entry : request.entries()) {
            List<ClientQuotaEntityData> entity = new ArrayList<>();
            for (AlterClientQuotasRequestData.EntityData part : entry.entity()) {
                entity.add(new ClientQuotaEntityData(part.entityType(), part.entityName()));
            }
            List<AlterClientQuotasRequest.Op> ops = new ArrayList<>();
            for (AlterClientQuotasRequestData.OpData op : entry.ops()) {
                ops.add(new AlterClientQuotasRequest.Op(op.key(), op.value(), op.remove()));
            }
            entries.add(new AlterClientQuotasRequest.Entry(entity, ops));
        }
        return exchange.<AlterClientQuotasResponse>call(new AlterClientQuotasRequest(entries, request.validateOnly()), 0)
            .thenApply(AlterClientQuotasApi::toKafka);
    }

    static AlterClientQuotasResponseData toKafka(AlterClientQuotasResponse answer) {
        AlterClientQuotasResponseData out = new AlterClientQuotasResponseData();
        for (AlterClientQuotasResponse.EntryResult result : answer.results()) {
            List<EntityData> entity = new ArrayList<>();
            for (ClientQuotaEntityData part : result.entity()) {
                entity.add(new EntityData().setEntityType(part.entityType()).setEntityName(part.entityName()));
            }
            out.entries().add(new EntryData().setErrorCode(result.error().code()).setErrorMessage(result.errorMessage())
                .setEntity(entity));
        }
        return out;
    }
}
