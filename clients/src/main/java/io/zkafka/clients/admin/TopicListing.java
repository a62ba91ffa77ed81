package io.zkafka.clients.admin;

/** A topic's name, as listTopics returns it. */
public final class TopicListing {
    private final String name;
    private final boolean internal;

    public TopicListing(String name, boolean internal) {
        this.name = name;
        this.internal = internal;
    }

    public String name() {
        return name;
    }

    public boolean isInternal() {
        return internal;
    }

    @Override
    public String toString() {
        return "(name=" + name + ", internal=" + internal + ")";
    }
}
