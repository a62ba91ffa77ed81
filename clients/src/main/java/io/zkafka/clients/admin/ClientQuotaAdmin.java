package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.AdminCallRunner;
import io.zkafka.clients.admin.internals.Futures;
import io.zkafka.clients.admin.internals.WholeResponseCall;
import io.zkafka.clients.internals.Cluster;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.message.AlterClientQuotasRequest;
import io.zkafka.common.message.AlterClientQuotasResponse;
import io.zkafka.common.message.ClientQuotaEntityData;
import io.zkafka.common.message.DescribeClientQuotasRequest;
import io.zkafka.common.message.DescribeClientQuotasResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.quota.ClientQuotaAlteration;
import io.zkafka.common.quota.ClientQuotaEntity;
import io.zkafka.common.quota.ClientQuotaFilter;
import io.zkafka.common.quota.ClientQuotaFilterComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The admin client's client quota calls: DescribeClientQuotas and AlterClientQuotas, each one request to
 * any broker (every broker answers from the same ZooKeeper state). Thread-safe: the calls run on the admin
 * client's I/O thread.
 */
final class ClientQuotaAdmin {
    private final AdminCallRunner runner;
    private final Function<Cluster, String> anyBroker;
    private final LongSupplier deadline;

    ClientQuotaAdmin(AdminCallRunner runner, Function<Cluster, String> anyBroker, LongSupplier deadline) {
        this.runner = runner;
        this.anyBroker = anyBroker;
        this.deadline = deadline;
    }

    DescribeClientQuotasResult describe(ClientQuotaFilter filter) {
        List<DescribeClientQuotasRequest.Component> components = new ArrayList<>();
        for (ClientQuotaFilterComponent component : filter.components()) {
            if (component.match() == null) {
                components.add(new DescribeClientQuotasRequest.Component(component.entityType(),
                    DescribeClientQuotasRequest.MATCH_ANY, null));
            } else if (component.match().isEmpty()) {
                components.add(new DescribeClientQuotasRequest.Component(component.entityType(),
                    DescribeClientQuotasRequest.MATCH_DEFAULT, null));
            } else {
                components.add(new DescribeClientQuotasRequest.Component(component.entityType(),
                    DescribeClientQuotasRequest.MATCH_EXACT, component.match().get()));
            }
        }
        WholeResponseCall<DescribeClientQuotasResponse> call = new WholeResponseCall<>("describeClientQuotas",
            () -> new DescribeClientQuotasRequest(components, filter.strict()), response -> null);
        runner.run(call, anyBroker, deadline.getAsLong());
        return new DescribeClientQuotasResult(call.future().thenApply(response -> {
            if (response.error() != Errors.NONE) {
                throw ApiException.forError(response.error(), response.errorMessage());
            }
            Map<ClientQuotaEntity, Map<String, Double>> out = new LinkedHashMap<>();
            for (DescribeClientQuotasResponse.Entry entry : response.entries()) {
                Map<String, Double> values = new HashMap<>();
                entry.values().forEach(v -> values.put(v.key(), v.value()));
                out.put(entity(entry.entity()), values);
            }
            return out;
        }));
    }

    AlterClientQuotasResult alter(Collection<ClientQuotaAlteration> alterations, AlterClientQuotasOptions options) {
        Map<ClientQuotaEntity, CompletableFuture<Void>> futures = new LinkedHashMap<>();
        List<AlterClientQuotasRequest.Entry> entries = new ArrayList<>();
        for (ClientQuotaAlteration alteration : alterations) {
            futures.putIfAbsent(alteration.entity(), new CompletableFuture<>());
            List<AlterClientQuotasRequest.Op> ops = new ArrayList<>();
            for (ClientQuotaAlteration.Op op : alteration.ops()) {
                ops.add(op.value() == null ? new AlterClientQuotasRequest.Op(op.key(), 0.0, true)
                    : new AlterClientQuotasRequest.Op(op.key(), op.value(), false));
            }
            entries.add(new AlterClientQuotasRequest.Entry(data(alteration.entity()), ops));
        }
        WholeResponseCall<AlterClientQuotasResponse> call = new WholeResponseCall<>("alterClientQuotas",
            () -> new AlterClientQuotasRequest(entries, options.validateOnly()), response -> null);
        call.future().whenComplete((answer, error) -> Futures.completeEach(futures, error,
            error != null ? List.of() : answer.results(), result -> entity(result.entity()),
            AlterClientQuotasResponse.EntryResult::error, AlterClientQuotasResponse.EntryResult::errorMessage, "entity"));
        runner.run(call, anyBroker, deadline.getAsLong());
        return new AlterClientQuotasResult(futures);
    }

    private static List<ClientQuotaEntityData> data(ClientQuotaEntity entity) {
        List<ClientQuotaEntityData> out = new ArrayList<>();
        entity.entries().forEach((type, name) -> out.add(new ClientQuotaEntityData(type, name)));
        return out;
    }

    private static ClientQuotaEntity entity(List<ClientQuotaEntityData> parts) {
        Map<String, String> entries = new HashMap<>();
        for (ClientQuotaEntityData part : parts) {
            entries.put(part.entityType(), part.entityName());
        }
        return new ClientQuotaEntity(entries);
    }
}
