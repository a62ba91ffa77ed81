package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;

/**
 * Knows the current controller id without a ZooKeeper read per call: a {@link CuratorCache} on
 * {@code /controller/latch} keeps the latch's participant znodes, and the leader is the one with
 * the lowest sequence suffix (Curator's LeaderLatch rule), whose payload is its participant id, the
 * broker id. {@code current} is volatile: written on the given executor, read by anyone.
 */
final class ControllerIdTracker implements AutoCloseable {
    private static final String LATCH_MARKER = "latch-";

    private final CuratorCache cache;
    private final Consumer<OptionalInt> onChange;
    private volatile OptionalInt current = OptionalInt.empty();

    ControllerIdTracker(ZooKeeperAccess zk, Executor executor, Consumer<OptionalInt> onChange) {
        this.cache = CuratorCache.build(zk.curator(), ZnodePaths.CONTROLLER_LATCH);
        this.onChange = onChange;
        cache.listenable().addListener(CuratorCacheListener.builder().forAll((type, oldData, data) -> recompute())
            .forInitialized(this::recompute).build(), executor);
    }

    void start() {
        cache.start();
    }

    OptionalInt controllerId() {
        return current;
    }

    private void recompute() {
        Map<String, byte[]> children = cache.stream()
            .filter(child -> child.getPath().startsWith(ZnodePaths.CONTROLLER_LATCH + "/"))
            .filter(child -> child.getData() != null)
            .collect(Collectors.toMap(child -> child.getPath().substring(ZnodePaths.CONTROLLER_LATCH.length() + 1),
                ChildData::getData, (a, b) -> a));
        OptionalInt leader = leaderOf(List.copyOf(children.keySet()), children::get);
        if (!leader.equals(current)) {
            current = leader;
            onChange.accept(leader);
        }
    }

    /** The participant id of the latch child with the lowest sequence, among those whose data reads. */
    static OptionalInt leaderOf(List<String> childNames, Function<String, byte[]> dataOf) {
        List<String> sorted = childNames.stream().filter(name -> name.contains(LATCH_MARKER))
            .sorted(Comparator.comparing(name -> name.substring(name.lastIndexOf(LATCH_MARKER) + LATCH_MARKER.length())))
            .toList();
        for (String name : sorted) {
            byte[] data = dataOf.apply(name);
            if (data == null || data.length == 0) {
                continue;
            }
            try {
                return OptionalInt.of(Integer.parseInt(new String(data, StandardCharsets.UTF_8)));
            } catch (NumberFormatException e) {
                // not one of ours; skip it rather than report a bogus controller
            }
        }
        return OptionalInt.empty();
    }

    @Override
    public void close() {
        cache.close();
    }
}
