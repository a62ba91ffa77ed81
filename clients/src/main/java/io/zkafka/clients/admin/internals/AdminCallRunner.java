package io.zkafka.clients.admin.internals;

import io.zkafka.clients.internals.ClientUtils;
import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.AuthenticationException;
import io.zkafka.common.errors.RetriableException;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import java.util.function.Function;

/**
 * Runs admin calls: sends each to its target broker (the controller, a given broker, any broker),
 * and on a lost connection or an answer asking for it (NOT_CONTROLLER) refreshes metadata and
 * sends what is still pending again after {@code retry.backoff.ms}, until the call's deadline,
 * where it fails with a {@link TimeoutException} that names the call and the last error.
 *
 * <p>Thread-safe. Calls advance on the network client's I/O thread; each call's state is its own.
 */
public final class AdminCallRunner {

    /** One admin operation, asked again until it has nothing pending. */
    public interface Call<R extends Message> {
        String name();

        /** The request for what is still pending. */
        Message request();

        /**
         * Takes an answer, completing what it settles.
         *
         * @return the reason to ask again for what is still pending, or null when nothing is
         */
        String handle(R response);

        /** Fails everything still pending. */
        void fail(RuntimeException error);
    }

    private final NetworkClient network;
    private final Metadata metadata;
    private final long requestTimeoutMs;
    private final long retryBackoffMs;

    public AdminCallRunner(NetworkClient network, Metadata metadata, long requestTimeoutMs, long retryBackoffMs) {
        this.network = network;
        this.metadata = metadata;
        this.requestTimeoutMs = requestTimeoutMs;
        this.retryBackoffMs = retryBackoffMs;
    }

    /**
     * Runs {@code call} against the broker {@code target} picks from the current metadata (null:
     * not known yet, refresh and ask again).
     */
    public <R extends Message> void run(Call<R> call, Function<Cluster, String> target, long deadlineMs) {
        attempt(call, target, deadlineMs, null);
    }

    private <R extends Message> void attempt(Call<R> call, Function<Cluster, String> target, long deadlineMs,
                                             String lastError) {
        long remainingMs = deadlineMs - System.currentTimeMillis();
        if (remainingMs <= 0) {
            call.fail(new TimeoutException("Call(callName=" + call.name() + ") timed out"
                + (lastError == null ? "" : "; last error: " + lastError)));
            return;
        }
        if (network.isClosed()) {
            call.fail(new IllegalStateException("The admin client is closed"));
            return;
        }
        Cluster cluster = metadata.fetch();
        String address = cluster.isEmpty() ? null : target.apply(cluster);
        if (address == null) {
            String why = cluster.isEmpty() ? "no broker known yet" : "its target broker is not known (no controller?)";
            if (cluster.isEmpty()) {
                metadata.refresh().whenComplete((c, e) -> {
                    if (!failedAuthentication(call, e)) {
                        attempt(call, target, deadlineMs, e == null ? lastError : ClientUtils.unwrap(e).getMessage());
                    }
                });
            } else {
                retryLater(call, target, deadlineMs, why);
            }
            return;
        }
        long timeoutMs = Math.max(1, Math.min(requestTimeoutMs, remainingMs));
        network.<R>call(address, call.request(), timeoutMs).whenComplete((response, error) -> {
            if (error != null) {
                Throwable cause = ClientUtils.unwrap(error);
                if (cause instanceof RetriableException) {
                    retryLater(call, target, deadlineMs, cause.getMessage());
                } else {
                    call.fail(cause instanceof RuntimeException runtime ? runtime
                        : new ApiException(Errors.UNKNOWN_SERVER_ERROR, cause.toString(), cause));
                }
                return;
            }
            String retryReason;
            try {
                retryReason = call.handle(response);
            } catch (RuntimeException e) {
                call.fail(e);
                return;
            }
            if (retryReason != null) {
                retryLater(call, target, deadlineMs, retryReason);
            }
        });
    }

    private <R extends Message> void retryLater(Call<R> call, Function<Cluster, String> target, long deadlineMs,
                                                String lastError) {
        metadata.requestUpdate();
        long delayMs = Math.max(0, Math.min(retryBackoffMs, deadlineMs - System.currentTimeMillis()));
        if (network.isClosed()) {
            call.fail(new IllegalStateException("The admin client is closed"));
            return;
        }
        network.schedule(() -> metadata.refresh().whenComplete((cluster, e) -> {
            if (!failedAuthentication(call, e)) {
                attempt(call, target, deadlineMs, e == null ? lastError : lastError + "; " + ClientUtils.unwrap(e)
                    .getMessage());
            }
        }), delayMs);
    }

    /** A refused SASL login ends the call at once: retrying with the same credentials cannot succeed. */
    private static boolean failedAuthentication(Call<?> call, Throwable error) {
        if (error != null && ClientUtils.unwrap(error) instanceof AuthenticationException refused) {
            call.fail(refused);
            return true;
        }
        return false;
    }
}
