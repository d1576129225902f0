package io.pipetwin.core.forecast;

import java.util.List;

/**
 * A pipeline with unfinished tasks in the mirrored state, with its whole DAG so a forecast can submit the
 * tasks still blocked on predecessors.
 *
 * @param pipelineId     id, matching {@link SnapshotTask#pipelineId()} of its waiting and running tasks
 * @param arrivedSeconds event time of the pipeline's arrival, in epoch seconds
 * @param tasks          every task of the pipeline, finished ones included; a task not finished and absent
 *                       from the snapshot's waiting and running lists is blocked on its predecessors
 */
public record SnapshotPipeline(String pipelineId, double arrivedSeconds, List<SnapshotPipelineTask> tasks) {

    public SnapshotPipeline {
        tasks = List.copyOf(tasks);
    }
}
