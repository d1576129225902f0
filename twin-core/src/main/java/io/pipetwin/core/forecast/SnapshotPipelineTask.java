package io.pipetwin.core.forecast;

import java.util.List;

/**
 * One task of a {@link SnapshotPipeline}.
 *
 * @param taskId     id, matching {@link SnapshotTask#taskId()} while the task waits or runs
 * @param taskClass  key into the snapshot's observed durations
 * @param request    resources per node
 * @param nodeCount  nodes a gang task needs at once
 * @param inputBytes bytes read from the storage service before computing; 0 for none
 * @param dependsOn  ids of tasks of the same pipeline that must finish first
 * @param finished   true when the task finished before the snapshot
 */
public record SnapshotPipelineTask(String taskId, String taskClass, SnapshotRequest request, int nodeCount,
                                   double inputBytes, List<String> dependsOn, boolean finished) {

    public SnapshotPipelineTask {
        dependsOn = List.copyOf(dependsOn);
        if (inputBytes < 0 || Double.isNaN(inputBytes)) {
            throw new IllegalArgumentException("task " + taskId + ": inputBytes " + inputBytes
                    + " is invalid; use 0 for a task without input");
        }
    }
}
