package io.zkafka.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When each step of a broker's start-up ended, in milliseconds since its JVM started, for the line
 * {@code Broker 2 started on ... (JVM start to ZooKeeper session 812 ms, ...)} that says where a
 * restart's time went. Used by the starting thread only.
 */
final class StartupPhases {
    private record Phase(String name, long atMs) {
    }

    private final long jvmStartMs;
    private final List<Phase> phases = new ArrayList<>();

    StartupPhases() {
        Optional<Instant> started = ProcessHandle.current().info().startInstant();
        this.jvmStartMs = started.map(Instant::toEpochMilli).orElse(System.currentTimeMillis());
    }

    /** The step called {@code name} ends now. */
    void mark(String name) {
        phases.add(new Phase(name, System.currentTimeMillis() - jvmStartMs));
    }

    /** Each step with the time since the one before, e.g. {@code (JVM start to ZooKeeper session 812 ms, logs loaded +1304 ms)}. */
    String summary() {
        StringBuilder line = new StringBuilder("(");
        long before = 0;
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            if (i == 0) {
                line.append("JVM start to ").append(phase.name()).append(' ').append(phase.atMs()).append(" ms");
            } else {
                line.append(", ").append(phase.name()).append(" +").append(phase.atMs() - before).append(" ms");
            }
            before = phase.atMs();
        }
        return line.append(", ").append(before).append(" ms in all)").toString();
    }
}
