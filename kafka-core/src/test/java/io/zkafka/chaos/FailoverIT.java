package io.zkafka.chaos;

import io.zkafka.server.KafkaServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each broker fault, applied once to a partition leader and once to the controller, while a
 * producer at {@code acks=all} sends without pause and a consumer reads: no acknowledged record is
 * lost, the cluster keeps taking writes, and afterwards every replica holds the same bytes up to the
 * high watermark.
 */
class FailoverIT {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverIT.class);
    private static final Duration WAIT = ChaosRun.WAIT;
    private static final int BOUNCES = 5;
    private static final int PROGRESS = 150;

    enum Fault {
        CLEAN_SHUTDOWN(1, false), HARD_KILL(1, true), CLEAN_BOUNCE(BOUNCES, false), HARD_BOUNCE(BOUNCES, true);

        final int times;
        final boolean crash;

        Fault(int times, boolean crash) {
            this.times = times;
            this.crash = crash;
        }
    }

    enum Target { PARTITION_LEADER, CONTROLLER }

    static Stream<Arguments> faults() {
        return Stream.of(Fault.values()).flatMap(f -> Stream.of(Target.values()).map(t -> Arguments.of(f, t)));
    }

    @ParameterizedTest(name = "shouldLoseNoAcknowledgedRecordWhen {0} hits the {1}")
    @MethodSource("faults")
    void shouldLoseNoAcknowledgedRecordAndConvergeAfterTheFault(Fault fault, Target target) throws Exception {
        try (ChaosRun run = ChaosRun.start()) {
            for (int round = 1; round <= fault.times; round++) {
                int victim = pick(run, target);
                String when = "after " + fault + " " + round + " of broker " + victim;
                long faultStart = System.nanoTime();
                if (fault.crash) {
                    run.cluster().killBroker(victim);
                } else {
                    run.cluster().stopBroker(victim);
                }
                LOG.info("{} {} of broker {} took {} ms", fault, round, victim,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultStart));
                run.producer().awaitProgress(PROGRESS, WAIT, when + " with two brokers left");
                run.cluster().startBroker(victim);
                run.awaitFullIsr();
                run.producer().awaitProgress(PROGRESS, WAIT, when + " and its return");
            }
            run.finish();
        }
    }

    /** The controller, or a partition leader that is not the controller where there is one. */
    private static int pick(ChaosRun run, Target target) {
        KafkaServer controller = run.cluster().controller();
        if (target == Target.CONTROLLER) {
            return controller.brokerId();
        }
        for (int p = 0; p < ChaosRun.PARTITIONS; p++) {
            KafkaServer leader = run.leaderOf(p);
            if (leader != controller) {
                return leader.brokerId();
            }
        }
        return run.leaderOf(0).brokerId();
    }
}
