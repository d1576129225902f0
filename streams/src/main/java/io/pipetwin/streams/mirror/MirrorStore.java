package io.pipetwin.streams.mirror;

/**
 * Persistence of a {@link PlatformMirror}'s changes. The mirror calls it once per changed entity, so
 * one event writes a few small entries; the twin's implementation writes to changelogged state stores.
 */
public interface MirrorStore {

    /** Writes a node's capacity. The mirror calls it when a node is added, not when a task changes its allocation. */
    void putNode(String platformId, NodeState node);

    void deleteNode(String platformId, String nodeId);

    /** Writes a task. {@code created} is true when the calling event submitted the task, so the store lacks its key. */
    void putTask(String platformId, TaskState task, boolean created);

    void deleteTask(String platformId, String taskId);

    void putDuration(String platformId, String taskClass, int slot, long sequence, double durationSeconds);

    void putArrival(String platformId, int slot, Arrival arrival);

    /** Writes a full chunk of applied event ids. The ids of the open chunk travel with the summary. */
    void putEventIdChunk(String platformId, long chunkNumber, EventIdChunk chunk);

    /** Deletes a chunk whose ids all left the deduplication window. */
    void deleteEventIdChunk(String platformId, long chunkNumber);

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
        public void putTask(String platformId, TaskState task, boolean created) {
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
        public void putEventIdChunk(String platformId, long chunkNumber, EventIdChunk chunk) {
        }

        @Override
        public void deleteEventIdChunk(String platformId, long chunkNumber) {
        }

        @Override
        public void putSummary(PlatformSummary summary) {
        }
    };
}
