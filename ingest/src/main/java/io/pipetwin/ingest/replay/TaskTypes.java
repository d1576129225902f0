package io.pipetwin.ingest.replay;

import io.pipetwin.core.trace.TraceTask;

/**
 * Task type given to a trace task, because cluster traces record resource requests but not what a task
 * does: a task that requests GPUs is {@code train}, any other is {@code preprocess}.
 */
final class TaskTypes {

    static final String TRAIN = "train";
    static final String PREPROCESS = "preprocess";

    private TaskTypes() {
    }

    static String of(TraceTask task) {
        return task.request().gpuCount() > 0 ? TRAIN : PREPROCESS;
    }
}
