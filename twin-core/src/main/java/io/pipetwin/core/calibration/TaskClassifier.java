package io.pipetwin.core.calibration;

import io.pipetwin.core.trace.TraceTask;

/**
 * Assigns a task to a class by its GPU demand: {@code cpu} (no GPU), {@code gpu-shared} (a share of one
 * GPU), or by the total whole GPUs over all its nodes {@code gpu-1}, {@code gpu-2}, {@code gpu-3-4},
 * {@code gpu-5-8}, {@code gpu-9+}. Where the trace gives a job type the class is prefixed with it, for
 * example {@code HN/gpu-1}.
 */
public final class TaskClassifier {

    private TaskClassifier() {
    }

    public static String classOf(TraceTask task) {
        String gpuClass = gpuClass(task.request().gpuCount(), task.request().gpuMilli(), task.nodeCount());
        return task.jobType() == null ? gpuClass : task.jobType() + "/" + gpuClass;
    }

    static String gpuClass(int gpuCount, int gpuMilli, int nodeCount) {
        if (gpuCount == 0) {
            return "cpu";
        }
        if (gpuMilli < 1000) {
            return "gpu-shared";
        }
        int total = gpuCount * nodeCount;
        if (total == 1) {
            return "gpu-1";
        }
        if (total == 2) {
            return "gpu-2";
        }
        if (total <= 4) {
            return "gpu-3-4";
        }
        return total <= 8 ? "gpu-5-8" : "gpu-9+";
    }
}
