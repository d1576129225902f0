package io.pipetwin.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pipetwin.core.metrics.RetrainingPolicy;
import io.pipetwin.core.output.RecordingMode;
import io.pipetwin.core.output.RunSummary;
import io.pipetwin.core.workload.GeneratedPipeline;
import io.pipetwin.core.workload.GeneratedTask;
import io.pipetwin.core.workload.WorkloadProfile.ResourceOption;
import io.pipetwin.core.workload.WorkloadProfileLoader;

/**
 * Two pipelines on one node with one GPU, traced by hand:
 * <pre>
 *   p1 at 0 s: preprocess (CPU, 30 s) then train (GPU, 100 s)
 *   p2 at 20 s: train (GPU, 50 s)
 *
 *   0   p1/preprocess starts             (cpu 2000/8000, memory 4096/32768, GPU free)
 *   20  p2/train starts on the free GPU
 *   30  p1/preprocess ends; p1/train queues behind p2/train
 *   70  p2/train ends; p1/train starts after waiting 40 s
 *   170 p1/train ends
 * </pre>
 * Samples every 60 s see the preprocess alone at 0 s, p2/train running with p1/train queued at 60 s,
 * p1/train running at 120 s and an idle node at 180 s.
 */
class GoldenRunTest {

    private static final ResourceOption CPU_REQUEST = new ResourceOption(1, 2000, 4096, 0, 0, null);
    private static final ResourceOption GPU_REQUEST = new ResourceOption(1, 4000, 8192, 1, 1000, null);

    private static List<GeneratedPipeline> pipelines() {
        GeneratedPipeline first = new GeneratedPipeline("p1", 0, "golden", "t1", 0, "t1/m1", "pytorch", 1, null,
                List.of(new GeneratedTask("p1/preprocess", "preprocess", List.of(), CPU_REQUEST, 30),
                        new GeneratedTask("p1/train", "train", List.of(0), GPU_REQUEST, 100)));
        GeneratedPipeline second = new GeneratedPipeline("p2", 20, "golden", "t1", 0, "t1/m2", "pytorch", 1, null,
                List.of(new GeneratedTask("p2/train", "train", List.of(), GPU_REQUEST, 50)));
        return List.of(first, second);
    }

    @Test
    void handTracedRunMatchesGoldenCsv(@TempDir Path directory) throws Exception {
        PlatformConfig platform = new PlatformConfig("one-node",
                List.of(new NodeGroup("A100", 1, 8000, 32768, 1, "A100")), 0);
        SimulationConfig config = new SimulationConfig(platform, WorkloadProfileLoader.loadDefault(), "fifo",
                "first-fit", RetrainingPolicy.NONE, 1, 200, 60, RecordingMode.FULL, directory);

        RunSummary summary = SimulationRun.run(config, pipelines());

        assertEquals("""
                pipeline_id,task_id,task_type,pipeline_type,tenant,trigger,node_ids,pipeline_submit_s,queued_s,start_s,end_s,wait_s,gpu_milli,outcome
                p1,p1/preprocess,preprocess,golden,t1,MANUAL,A100-0,0,0,0,30,0,0,finished
                p2,p2/train,train,golden,t1,MANUAL,A100-0,20,20,20,70,0,1000,finished
                p1,p1/train,train,golden,t1,MANUAL,A100-0,0,30,70,170,40,1000,finished
                """, Files.readString(directory.resolve("tasks.csv")));
        assertEquals("""
                pipeline_id,pipeline_type,tenant,model_id,trigger,submit_s,end_s,sojourn_s,tasks
                p2,golden,t1,t1/m2,MANUAL,20,70,50,1
                p1,golden,t1,t1/m1,MANUAL,0,170,170,2
                """, Files.readString(directory.resolve("pipelines.csv")));
        assertEquals("time_s,series,key,value\n"
                + sample(0, 0, 0, 0.25, 0.125, 0)
                + sample(60, 0, 1, 0.5, 0.25, 1)
                + sample(120, 0, 0, 0.5, 0.25, 1)
                + sample(180, 0, 0, 0, 0, 0), Files.readString(directory.resolve("timeseries.csv")));
        // Waits are 0, 0 and 40 s, and the GPU is busy for 50 + 100 s.
        assertEquals(40.0 / 3, summary.get("task_wait_mean_s"), 1e-12);
        assertEquals(150.0 / 3600, summary.get("gpu_hours_used"), 1e-12);
        assertEquals(2, summary.get("pipelines_completed"));
    }

    /** Returns the rows one sample writes, in the order the run samples them. */
    private static String sample(int timeSeconds, int cpuQueue, int gpuQueue, double cpu, double memory, double gpu) {
        String t = Integer.toString(timeSeconds);
        String rows = t + ",queue_length,cpu," + cpuQueue + "\n"
                + t + ",queue_length,gpu," + gpuQueue + "\n";
        for (String pool : List.of("A100", "all")) {
            rows += t + ",utilisation," + pool + "/cpu," + format(cpu) + "\n"
                    + t + ",utilisation," + pool + "/memory," + format(memory) + "\n"
                    + t + ",utilisation," + pool + "/gpu," + format(gpu) + "\n";
        }
        return rows + t + ",node_cpu_utilisation,A100-0," + format(cpu) + "\n"
                + t + ",node_gpu_utilisation,A100-0," + format(gpu) + "\n";
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
