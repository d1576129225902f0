package io.pipetwin.core.pipeline;

/** A pipeline run in a simulation: its spec, its tasks and its progress. */
public final class Pipeline {

    private final PipelineSpec spec;
    private final long number;
    private final Task[] tasks;
    private final double arrivalSeconds;
    private int unfinishedTasks;
    private double completionSeconds = Double.NaN;
    private boolean failed;

    /**
     * Creates a pipeline run.
     *
     * @param number position of the run in the order of arrival in its simulation, from 0
     */
    public Pipeline(PipelineSpec spec, long number, Task[] tasks, double arrivalSeconds) {
        this.spec = spec;
        this.number = number;
        this.tasks = tasks;
        this.arrivalSeconds = arrivalSeconds;
        this.unfinishedTasks = tasks.length;
    }

    public PipelineSpec spec() {
        return spec;
    }

    /** Returns the position of the run in the order of arrival in its simulation, from 0. */
    public long number() {
        return number;
    }

    public Task task(int index) {
        return tasks[index];
    }

    public int taskCount() {
        return tasks.length;
    }

    public double arrivalSeconds() {
        return arrivalSeconds;
    }

    /** Returns the finish time of the last task, or NaN while the pipeline runs or after it failed. */
    public double completionSeconds() {
        return completionSeconds;
    }

    public boolean isFailed() {
        return failed;
    }

    public boolean isComplete() {
        return !Double.isNaN(completionSeconds);
    }

    /** Records one finished task and returns true when it was the last. */
    public boolean taskFinished(double nowSeconds) {
        if (--unfinishedTasks == 0 && !failed) {
            completionSeconds = nowSeconds;
            return true;
        }
        return false;
    }

    public void markFailed() {
        failed = true;
    }
}
