package io.zkafka.broker.auth;

import io.zkafka.common.security.ScramCredential;
import io.zkafka.common.security.ScramMechanism;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The server side of SCRAM-SHA-256 / SCRAM-SHA-512 (RFC 5802, RFC 7677) against the credentials stored
 * in ZooKeeper ({@link CredentialCache}). Two rounds:
 *
 * <pre>
 * client-first  n,[a=authzid],n=user,r=cnonce
 * server-first  r=cnonce+snonce,s=base64(salt),i=iterations
 * client-final  c=base64(gs2-header),r=cnonce+snonce,p=base64(ClientProof)
 * server-final  v=base64(ServerSignature)
 * </pre>
 *
 * The proof is checked as the RFC says: {@code ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage)},
 * then {@code H(ClientKey) == StoredKey} (constant time). Channel binding ({@code p=}) and Kafka's
 * delegation-token extension ({@code tokenauth}) are refused. Confined to one connection's event loop.
 */
final class ScramServer implements SaslMechanismServer {
    private static final String FAILED = "Authentication failed: Invalid user credentials";

    private enum State { CLIENT_FIRST, CLIENT_FINAL, COMPLETE, FAILED }

    private final ScramMechanism mechanism;
    private final CredentialCache credentials;
    private State state = State.CLIENT_FIRST;
    private String user;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private ScramCredential credential;

    private final Supplier<String> serverNonce;

    ScramServer(ScramMechanism mechanism, CredentialCache credentials) {
        this(mechanism, credentials,
            () -> Base64.getEncoder().withoutPadding().encodeToString(ScramMechanism.randomBytes(18)));
    }

    /** With a given server nonce, for the RFC's test vectors. */
    ScramServer(ScramMechanism mechanism, CredentialCache credentials, Supplier<String> serverNonce) {
        this.mechanism = mechanism;
        this.credentials = credentials;
        this.serverNonce = serverNonce;
    }

    @Override
    public String mechanism() {
        return mechanism.mechanismName();
    }

    @Override
    public byte[] evaluate(byte[] clientToken) throws SaslAuthenticationException {
        String message = new String(clientToken, StandardCharsets.UTF_8);
        try {
            return switch (state) {
                case CLIENT_FIRST -> clientFirst(message);
                case CLIENT_FINAL -> clientFinal(message);
                default -> throw failure("Authentication failed: unexpected SCRAM message", "a SCRAM message after the end");
            };
        } catch (SaslAuthenticationException e) {
            state = State.FAILED;
            throw e;
        }
    }

    private byte[] clientFirst(String message) throws SaslAuthenticationException {
        if (message.startsWith("p=")) {
            throw failure("Authentication failed: SCRAM channel binding is not supported", "SCRAM channel binding asked for");
        }
        if (!message.startsWith("n,") && !message.startsWith("y,")) {
            throw malformed("client-first message without a gs2 header");
        }
        int headerEnd = message.indexOf(',', 2);
        if (headerEnd < 0) {
            throw malformed("client-first message with an unterminated gs2 header");
        }
        String authzid = message.substring(2, headerEnd);
        gs2Header = message.substring(0, headerEnd + 1);
        clientFirstBare = message.substring(headerEnd + 1);
        String[] fields = clientFirstBare.split(",");
        if (fields.length < 2 || !fields[0].startsWith("n=") || !fields[1].startsWith("r=") || fields[1].length() == 2) {
            throw malformed("client-first message needs n=<user>,r=<nonce>");
        }
        for (int i = 2; i < fields.length; i++) {
            if (fields[i].startsWith("tokenauth=")) {
                throw failure("Authentication failed: delegation tokens are not supported", "a SCRAM delegation token");
            }
        }
        user = saslName(fields[0].substring(2));
        if (!authzid.isEmpty() && !saslName(authzid.startsWith("a=") ? authzid.substring(2) : authzid).equals(user)) {
            throw failure("Authentication failed: Client requested an authorization id that is different from username",
                "SCRAM user " + user + " asked to act as " + authzid);
        }
        credential = credentials.get(mechanism, user);
        if (credential == null) {
            throw failure(FAILED, "unknown " + mechanism.mechanismName() + " user " + user);
        }
        nonce = fields[1].substring(2) + serverNonce.get();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credential.salt())
            + ",i=" + credential.iterations();
        state = State.CLIENT_FINAL;
        return serverFirst.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] clientFinal(String message) throws SaslAuthenticationException {
        int proofAt = message.lastIndexOf(",p=");
        if (!message.startsWith("c=") || proofAt < 0) {
            throw malformed("client-final message needs c=...,r=...,p=...");
        }
        String withoutProof = message.substring(0, proofAt);
        String[] fields = withoutProof.split(",");
        if (fields.length < 2 || !fields[1].startsWith("r=")) {
            throw malformed("client-final message needs c=...,r=...");
        }
        byte[] binding = base64(fields[0].substring(2), "channel binding");
        if (!new String(binding, StandardCharsets.UTF_8).equals(gs2Header)) {
            throw failure(FAILED, "SCRAM channel binding of user " + user + " does not match its gs2 header");
        }
        // ends with, as Kafka's broker checks: librdkafka sends its own nonce again before the combined one
        if (!fields[1].substring(2).endsWith(nonce)) {
            throw failure(FAILED, "SCRAM nonce of user " + user + " does not match the server's");
        }
        byte[] proof = base64(message.substring(proofAt + 3), "proof");
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = mechanism.hmac(credential.storedKey(), authMessage);
        if (proof.length != clientSignature.length) {
            throw failure(FAILED, "SCRAM proof of user " + user + " has the wrong length");
        }
        byte[] clientKey = ScramMechanism.xor(proof, clientSignature);
        if (!MessageDigest.isEqual(mechanism.hash(clientKey), credential.storedKey())) {
            throw failure(FAILED, "wrong password for " + mechanism.mechanismName() + " user " + user);
        }
        state = State.COMPLETE;
        byte[] serverSignature = mechanism.hmac(credential.serverKey(), authMessage);
        return ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.UTF_8);
    }

    private static String saslName(String encoded) throws SaslAuthenticationException {
        // RFC 5802 saslname: ',' and '=' travel as =2C and =3D; any other '=' is a bad escape
        if (encoded.isEmpty() || encoded.replace("=2C", "").replace("=3D", "").contains("=")) {
            throw malformed("a SCRAM user name that is empty or has a bad escape: " + encoded);
        }
        return encoded.replace("=2C", ",").replace("=3D", "=");
    }

    private static byte[] base64(String text, String what) throws SaslAuthenticationException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed("SCRAM " + what + " is not base64");
        }
    }

    private static SaslAuthenticationException malformed(String why) {
        return new SaslAuthenticationException("Authentication failed: invalid SCRAM message (" + why + ")",
            "a malformed SCRAM message: " + why);
    }

    private static SaslAuthenticationException failure(String clientMessage, String logReason) {
        return new SaslAuthenticationException(clientMessage, logReason);
    }

    @Override
    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    @Override
    public String authenticatedUser() {
        return state == State.COMPLETE ? user : null;
    }
}
