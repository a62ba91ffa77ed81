package io.zkafka.clients.admin;

import io.zkafka.common.security.ScramMechanism;

/** A SCRAM credential's mechanism and iteration count (what describing credentials shows; never the keys). */
public record ScramCredentialInfo(ScramMechanism mechanism, int iterations) {
}
