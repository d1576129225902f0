package io.pipetwin.streams.mirror;

/**
 * Persistence of a {@link PlatformMirror}'s changes. The mirror calls it once per changed entity, so
 * one event writes a few small entries; the twin's implementation writes to changelogged state stores.
 */
public interface MirrorStore {

    void putNode(String platformId, NodeState node);

    void deleteNode(String platformId, String nodeId);

    void putTask(String platformId, TaskState task);

    void deleteTask(String platformId, String taskId);

    void putDuration(String platformId, String taskClass, int slot, long sequence, double durationSeconds);

    void putArrival(String platformId, int slot, Arrival arrival);

    void putEventId(String platformId, String eventId, long eventTimeMillis);

    void deleteEventId(String platformId, String eventId);

    void putSummary(PlatformSummary summary);

    /** A store that keeps nothing, for a mirror used alone. */
    MirrorStore NONE = new MirrorStore() {
        @Override
        public void putNode(String platformId, NodeState node) {
        }

        @Override
        public void deleteNode(String platformId, String nodeId) {
        }

        @Override
        public void putTask(String platformId, TaskState task) {
        }

        @Override
        public void deleteTask(String platformId, String taskId) {
        }

        @Override
        public void putDuration(String platformId, String taskClass, int slot, long sequence, double durationSeconds) {
        }

        @Override
        public void putArrival(String platformId, int slot, Arrival arrival) {
        }

        @Override
        public void putEventId(String platformId, String eventId, long eventTimeMillis) {
        }

        @Override
        public void deleteEventId(String platformId, String eventId) {
        }

        @Override
        public void putSummary(PlatformSummary summary) {
        }
    };
}
