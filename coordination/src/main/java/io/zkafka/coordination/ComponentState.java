package io.zkafka.coordination;

/** The lifecycle every long-lived coordination component goes through, once: LATENT -> STARTED -> CLOSED. */
public enum ComponentState { LATENT, STARTED, CLOSED }
