package io.pipetwin.streams.mirror;

/**
 * One task arrival: the moment a task first waited for resources or, when it was never queued,
 * started.
 *
 * @param sequence  arrival number within the platform, from 0
 * @param timeMillis event time of the arrival in epoch millis
 */
public record Arrival(long sequence, long timeMillis, String taskId, String pipelineId, String taskType,
                      ResourceDemand demand, int nodeCount) {
}
