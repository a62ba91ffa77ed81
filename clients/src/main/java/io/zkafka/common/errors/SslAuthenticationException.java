package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/**
 * The TLS handshake with a broker failed: the broker's certificate is not trusted, has expired or does
 * not name the host, the broker wants a client certificate the client did not give, or the two share
 * no protocol or cipher. Not retriable, as Kafka's client treats it: the client fails its calls with the
 * reason at once instead of reconnecting until a timeout; fix the trust store, the key store or the
 * {@code ssl.*} settings. It carries no error code of the wire (none crossed it); {@link #error()} is
 * {@link Errors#NETWORK_EXCEPTION}.
 */
public class SslAuthenticationException extends AuthenticationException {
    public SslAuthenticationException(String message) {
        super(Errors.NETWORK_EXCEPTION, message);
    }
}
