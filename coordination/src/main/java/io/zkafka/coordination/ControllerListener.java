package io.zkafka.coordination;

import java.util.OptionalInt;

/**
 * Told by a {@link ControllerElection} when this broker becomes or stops being the controller, and
 * when the controller changes. All calls come one at a time, in order, on the election's single
 * listener thread ({@code zkafka-controller-election-<brokerId>}); a slow callback delays the next
 * one, so hand heavy work to the controller's own thread.
 */
public interface ControllerListener {
    /** This broker won the election and bumped the controller epoch; pass {@code epoch} to every controller write. */
    void onBecameController(ControllerEpoch epoch);

    /**
     * This broker is no longer the controller (latch lost, connection suspended or lost, or the
     * election closed): stop acting as controller at once. Only called after {@link #onBecameController}.
     */
    void onResigned();

    /** The controller is now {@code controllerId} (empty while there is none). */
    default void onControllerChanged(OptionalInt controllerId) {
    }
}
