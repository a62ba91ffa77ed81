package io.zkafka.clients.admin;

/** Options of {@link Admin#listTopics}: whether internal topics ({@code __consumer_offsets}, ...) are listed too. */
public class ListTopicsOptions {
    private boolean listInternal;

    public ListTopicsOptions listInternal(boolean listInternal) {
        this.listInternal = listInternal;
        return this;
    }

    public boolean shouldListInternal() {
        return listInternal;
    }
}
