package io.zkafka.clients.admin;

import java.util.List;

/** A user's SCRAM credentials: one {@link ScramCredentialInfo} per mechanism it has. */
public record UserScramCredentialsDescription(String name, List<ScramCredentialInfo> credentialInfos) {
    public UserScramCredentialsDescription {
        credentialInfos = List.copyOf(credentialInfos);
    }
}
