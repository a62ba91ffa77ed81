package io.zkafka.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * SASL PLAIN (RFC 4616): one client token {@code [authzid] NUL authcid NUL passwd}, checked against
 * the {@code user_<name>="<password>"} entries of the listener's PlainLoginModule JAAS config.
 * Passwords are compared in constant time. PLAIN sends the password itself, so it belongs on SASL_SSL
 * outside a trusted network.
 */
final class PlainServer implements SaslMechanismServer {
    static final String MECHANISM = "PLAIN";
    private static final String FAILED = "Authentication failed: Invalid username or password";

    private final Map<String, String> passwords;
    private String user;

    PlainServer(Map<String, String> passwords) {
        this.passwords = passwords;
    }

    @Override
    public String mechanism() {
        return MECHANISM;
    }

    @Override
    public byte[] evaluate(byte[] clientToken) throws SaslAuthenticationException {
        if (user != null) {
            throw new SaslAuthenticationException("Authentication failed: PLAIN takes one token", "a second PLAIN token");
        }
        String text = new String(clientToken, StandardCharsets.UTF_8);
        int first = text.indexOf('\0');
        int second = first < 0 ? -1 : text.indexOf('\0', first + 1);
        if (first < 0 || second < 0 || text.indexOf('\0', second + 1) >= 0) {
            throw new SaslAuthenticationException("Invalid SASL/PLAIN response: expected 3 tokens",
                "a malformed PLAIN token");
        }
        String authzid = text.substring(0, first);
        String authcid = text.substring(first + 1, second);
        String password = text.substring(second + 1);
        if (authcid.isEmpty() || password.isEmpty()) {
            throw new SaslAuthenticationException("Authentication failed: username and password must not be empty",
                "an empty PLAIN user name or password");
        }
        if (!authzid.isEmpty() && !authzid.equals(authcid)) {
            throw new SaslAuthenticationException("Authentication failed: Client requested an authorization id that is "
                + "different from username", "PLAIN user " + authcid + " asked to act as " + authzid);
        }
        String expected = passwords.get(authcid);
        if (expected == null) {
            throw new SaslAuthenticationException(FAILED, "unknown PLAIN user " + authcid);
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))) {
            throw new SaslAuthenticationException(FAILED, "wrong password for PLAIN user " + authcid);
        }
        user = authcid;
        return new byte[0];
    }

    @Override
    public boolean isComplete() {
        return user != null;
    }

    @Override
    public String authenticatedUser() {
        return user;
    }
}
