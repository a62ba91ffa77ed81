package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.TestUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-reads against a real ZooKeeper: what {@link BatchedReads} and {@link PipelinedCalls#readSmall} answer. */
class BatchedReadsIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int ZNODES = 450;

    @TempDir
    Path dir;
    private ZooKeeperTestHarness zk;
    private CoordinationClient client;

    /** One read's answer. */
    private record Answer(Optional<PipelinedCalls.Versioned> value, boolean failed) {
    }

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = ZooKeeperTestHarness.start(dir);
        client = zk.newClient();
        CuratorFramework curator = client.access().curator();
        curator.create().creatingParentsIfNeeded().forPath("/batched/parent", new byte[0]);
        List<CuratorOp> ops = new ArrayList<>();
        for (int i = 0; i < ZNODES; i++) {
            ops.add(curator.transactionOp().create().forPath(path(i), data(i)));
        }
        curator.transaction().forOperations(ops);
        curator.setData().forPath(path(7), data(7)); // version 1
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zk.close();
    }

    private static String path(int i) {
        return "/batched/parent/z" + i;
    }

    private static byte[] data(int i) {
        return ("value-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static BatchedReads.Read read(String path, Map<String, Answer> answers) {
        return new BatchedReads.Read() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public void answered(Optional<PipelinedCalls.Versioned> value, boolean failed) {
                answers.put(path, new Answer(value, failed));
            }
        };
    }

    @Test
    void shouldSendTheReadsAskedForWhileARoundIsOutTogetherAndAnswerEachInPlace() throws Exception {
        BatchedReads batched = new BatchedReads(new PipelinedCalls(client.access()));
        Map<String, Answer> answers = new ConcurrentHashMap<>();
        // asked for on ZooKeeper's event thread, as the watcher does: no answer can come in between
        client.access().curator().checkExists().inBackground((curator, event) -> {
            batched.read(read(path(0), answers));
            for (int i = 1; i < ZNODES; i++) {
                batched.read(read(path(i), answers));
            }
            batched.read(read("/batched/parent/missing", answers));
        }).forPath("/batched");
        TestUtils.waitForCondition(() -> answers.size() == ZNODES + 1, WAIT, () -> answers.size() + " answers");

        for (int i = 0; i < ZNODES; i++) {
            Answer answer = answers.get(path(i));
            assertFalse(answer.failed(), path(i));
            assertArrayEquals(data(i), answer.value().orElseThrow().data(), path(i));
            assertEquals(i == 7 ? 1 : 0, answer.value().orElseThrow().version(), path(i));
        }
        Answer missing = answers.get("/batched/parent/missing");
        assertEquals(Optional.empty(), missing.value(), "a znode that does not exist is read as empty");
        assertFalse(missing.failed(), "a missing znode is not a failed read");
        // the first read alone, then the other 450 in multi-reads of 200: 1 + 3 requests, not 451
        assertEquals(4, batched.requests());
    }

    @Test
    void shouldAnswerReadsThatCannotBeSentAsFailedAndKeepGoing() throws Exception {
        CoordinationClient closed = zk.newClient();
        BatchedReads batched = new BatchedReads(new PipelinedCalls(closed.access()));
        closed.close();
        Map<String, Answer> answers = new ConcurrentHashMap<>();
        batched.read(read(path(1), answers));
        batched.read(read(path(2), answers));
        TestUtils.waitForCondition(() -> answers.size() == 2, WAIT, () -> answers.size() + " answers");
        assertTrue(answers.get(path(1)).failed() && answers.get(path(2)).failed(), answers.toString());
        assertEquals(Optional.empty(), answers.get(path(1)).value());
    }

    @Test
    void shouldReadManySmallZnodesInOrderWithTheMissingOnesEmpty() throws Exception {
        PipelinedCalls calls = new PipelinedCalls(client.access());
        List<String> paths = new ArrayList<>();
        for (int i = ZNODES - 1; i >= 0; i--) {
            paths.add(path(i));
            if (i % 100 == 0) {
                paths.add("/batched/parent/gone-" + i);
            }
        }
        List<Optional<PipelinedCalls.Versioned>> values = calls.readSmall(paths).get();
        assertEquals(paths.size(), values.size());
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            if (path.contains("gone")) {
                assertEquals(Optional.empty(), values.get(i), path);
            } else {
                int n = Integer.parseInt(path.substring(path.lastIndexOf('z') + 1));
                assertArrayEquals(data(n), values.get(i).orElseThrow().data(), path);
            }
        }
    }

    @Test
    void shouldReadTheZnodesOfAMultiReadWhoseAnswerNeverComesOneByOne() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        PipelinedCalls losingTheFirst = new PipelinedCalls(client.access()) {
            @Override
            void sendMultiRead(List<String> paths, MultiReadAnswer answer) {
                if (sent.getAndIncrement() > 0) {
                    super.sendMultiRead(paths, answer);
                } // else: lost, as a request whose answer never comes
            }
        };
        BatchedReads batched = new BatchedReads(losingTheFirst);
        Map<String, Answer> answers = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        batched.read(read(path(3), answers));
        batched.read(read(path(7), answers)); // waits for the lost round, then goes as a multi-read
        TestUtils.waitForCondition(() -> answers.size() == 2, WAIT, () -> answers.size() + " answers");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMs >= PipelinedCalls.MULTI_READ_DEADLINE_MS, "answered after the deadline, in " + tookMs + " ms");
        assertArrayEquals(data(3), answers.get(path(3)).value().orElseThrow().data());
        assertArrayEquals(data(7), answers.get(path(7)).value().orElseThrow().data());
        assertEquals(1, answers.get(path(7)).value().orElseThrow().version());
        assertEquals(2, sent.get(), "the second round went once the first was read one by one");
    }

    @Test
    void shouldReadTheZnodesOfAFailedMultiReadOneByOneAtOnce() throws Exception {
        PipelinedCalls failingTheFirst = new PipelinedCalls(client.access()) {
            private final AtomicInteger sent = new AtomicInteger();

            @Override
            void sendMultiRead(List<String> paths, MultiReadAnswer answer) {
                if (sent.getAndIncrement() == 0) {
                    answer.accept(null, KeeperException.create(KeeperException.Code.CONNECTIONLOSS, "multi-read"));
                } else {
                    super.sendMultiRead(paths, answer);
                }
            }
        };
        List<Optional<PipelinedCalls.Versioned>> values = failingTheFirst.readSmall(List.of(path(4), path(5))).get(
            PipelinedCalls.MULTI_READ_DEADLINE_MS / 2, TimeUnit.MILLISECONDS);
        assertArrayEquals(data(4), values.get(0).orElseThrow().data());
        assertArrayEquals(data(5), values.get(1).orElseThrow().data());
    }

    @Test
    void shouldAnswerAMultiReadOnceWhenItsAnswerComesAfterTheOneByOneReads() throws Exception {
        CountDownLatch late = new CountDownLatch(1);
        PipelinedCalls slow = new PipelinedCalls(client.access()) {
            @Override
            void sendMultiRead(List<String> paths, MultiReadAnswer answer) {
                Thread sender = new Thread(() -> {
                    try {
                        Thread.sleep(PipelinedCalls.MULTI_READ_DEADLINE_MS + 1_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    super.sendMultiRead(paths, (values, error) -> {
                        answer.accept(values, error);
                        late.countDown();
                    });
                });
                sender.setDaemon(true);
                sender.start();
            }
        };
        AtomicInteger answersGiven = new AtomicInteger();
        List<Optional<PipelinedCalls.Versioned>> first = new CopyOnWriteArrayList<>();
        slow.multiRead(List.of(path(1), path(2)), (values, error) -> {
            answersGiven.incrementAndGet();
            first.addAll(values);
        });
        assertTrue(late.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the late answer came");
        assertEquals(1, answersGiven.get(), "answered once: by the one-by-one reads, the late answer dropped");
        assertArrayEquals(data(1), first.get(0).orElseThrow().data());
        assertArrayEquals(data(2), first.get(1).orElseThrow().data());
    }
}
