package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/**
 * The broker refused the client's SASL authentication (a wrong password, an unknown user, a mechanism the
 * listener does not enable), or TLS refused the connection ({@link SslAuthenticationException}). Not
 * retriable: the client fails its calls with it instead of reconnecting in a loop; fix the credentials,
 * {@code sasl.mechanism} or the {@code ssl.*} settings.
 */
public class AuthenticationException extends ApiException {
    public AuthenticationException(Errors error, String message) {
        super(error, message);
    }
}
