package io.pipetwin.core.pipeline;

/** A pipeline run in a simulation: its spec, its tasks and its progress. */
public final class Pipeline {

    // Not final: a simulation that reuses the objects of completed pipelines reassigns them through reuse().
    private PipelineSpec spec;
    private long number;
    private final Task[] tasks;
    private double arrivalSeconds;
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

    /**
     * Turns this completed pipeline into a new run of {@code spec}, which must have as many tasks; the
     * task objects are kept for the caller to {@link Task#reuse reuse}.
     */
    public void reuse(PipelineSpec spec, long number, double arrivalSeconds) {
        if (spec.dag().size() != tasks.length) {
            throw new IllegalArgumentException("spec " + spec.pipelineId() + " has " + spec.dag().size()
                    + " tasks but this pipeline object holds " + tasks.length + "; reuse it only for a spec of"
                    + " the same size");
        }
        this.spec = spec;
        this.number = number;
        this.arrivalSeconds = arrivalSeconds;
        this.unfinishedTasks = tasks.length;
        this.completionSeconds = Double.NaN;
        this.failed = false;
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
