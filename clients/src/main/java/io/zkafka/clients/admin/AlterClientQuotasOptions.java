package io.zkafka.clients.admin;

/** Options of {@link Admin#alterClientQuotas}: whether the brokers only check the changes (Kafka's validateOnly). */
public class AlterClientQuotasOptions {
    private boolean validateOnly;

    public AlterClientQuotasOptions validateOnly(boolean validateOnly) {
        this.validateOnly = validateOnly;
        return this;
    }

    public boolean validateOnly() {
        return validateOnly;
    }
}
