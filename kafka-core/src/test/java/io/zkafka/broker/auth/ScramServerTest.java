package io.zkafka.broker.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.security.ScramCredential;
import io.zkafka.common.security.ScramMechanism;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SCRAM's server side against RFC 7677's SCRAM-SHA-256 example exchange, and refusals. */
class ScramServerTest {
    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
        + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static CredentialCache pencil() {
        ScramMechanism sha256 = ScramMechanism.SCRAM_SHA_256;
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        ScramCredential credential = sha256.credential(salt, sha256.saltedPassword("pencil", salt, 4096), 4096);
        CredentialCache cache = new CredentialCache();
        cache.onUserConfig("user", Map.of("SCRAM-SHA-256", credential.format()));
        return cache;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldFollowTheRfc7677ExampleExchange() throws Exception {
        ScramServer server = new ScramServer(ScramMechanism.SCRAM_SHA_256, pencil(), () -> SERVER_NONCE);
        assertEquals(SERVER_FIRST, new String(server.evaluate(bytes(CLIENT_FIRST)), StandardCharsets.UTF_8));
        assertFalse(server.isComplete());
        assertEquals(SERVER_FINAL, new String(server.evaluate(bytes(CLIENT_FINAL)), StandardCharsets.UTF_8));
        assertTrue(server.isComplete());
        assertEquals("user", server.authenticatedUser());
    }

    @Test
    void shouldRefuseAWrongProofAnUnknownUserAndAForeignNonce() throws Exception {
        ScramServer wrongProof = new ScramServer(ScramMechanism.SCRAM_SHA_256, pencil(), () -> SERVER_NONCE);
        wrongProof.evaluate(bytes(CLIENT_FIRST));
        String tampered = CLIENT_FINAL.replace("p=dHzb", "p=dHzc");
        SaslAuthenticationException e = assertThrows(SaslAuthenticationException.class,
            () -> wrongProof.evaluate(bytes(tampered)));
        assertEquals("Authentication failed: Invalid user credentials", e.getMessage());
        assertFalse(wrongProof.isComplete());

        ScramServer unknown = new ScramServer(ScramMechanism.SCRAM_SHA_256, pencil(), () -> SERVER_NONCE);
        assertThrows(SaslAuthenticationException.class, () -> unknown.evaluate(bytes("n,,n=nobody,r=abc")));

        ScramServer otherNonce = new ScramServer(ScramMechanism.SCRAM_SHA_256, pencil(), () -> "different");
        otherNonce.evaluate(bytes(CLIENT_FIRST));
        assertThrows(SaslAuthenticationException.class, () -> otherNonce.evaluate(bytes(CLIENT_FINAL)));

        ScramServer sha512 = new ScramServer(ScramMechanism.SCRAM_SHA_512, pencil(), () -> SERVER_NONCE);
        assertThrows(SaslAuthenticationException.class, () -> sha512.evaluate(bytes(CLIENT_FIRST)),
            "a SCRAM-SHA-256 credential does not log in with SCRAM-SHA-512");
        ScramServer binding = new ScramServer(ScramMechanism.SCRAM_SHA_256, pencil(), () -> SERVER_NONCE);
        assertThrows(SaslAuthenticationException.class, () -> binding.evaluate(bytes("p=tls-unique,,n=user,r=abc")));
    }

    @Test
    void shouldRoundTripKafkasCredentialText() {
        ScramCredential credential = ScramMechanism.SCRAM_SHA_512.credential("secret", 8192);
        String text = credential.format();
        assertTrue(text.matches("salt=[^,]+,stored_key=[^,]+,server_key=[^,]+,iterations=8192"), text);
        ScramCredential parsed = ScramCredential.parse(text);
        assertArrayEquals(credential.storedKey(), parsed.storedKey());
        assertEquals(credential, parsed);
        assertThrows(IllegalArgumentException.class, () -> ScramCredential.parse("salt=AA==,iterations=1"));
    }

    @Test
    void plainChecksThePasswordAndTheAuthorizationId() throws Exception {
        PlainServer ok = new PlainServer(Map.of("alice", "alice-secret"));
        ok.evaluate(bytes("\0alice\0alice-secret"));
        assertEquals("alice", ok.authenticatedUser());
        assertThrows(SaslAuthenticationException.class,
            () -> new PlainServer(Map.of("alice", "alice-secret")).evaluate(bytes("\0alice\0wrong")));
        assertThrows(SaslAuthenticationException.class,
            () -> new PlainServer(Map.of("alice", "alice-secret")).evaluate(bytes("admin\0alice\0alice-secret")));
        assertThrows(SaslAuthenticationException.class,
            () -> new PlainServer(Map.of("alice", "alice-secret")).evaluate(bytes("alice-secret")));
    }
}
