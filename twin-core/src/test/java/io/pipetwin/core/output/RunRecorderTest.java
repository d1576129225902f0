package io.pipetwin.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecorderTest {

    private static void recordTinyRun(RunRecorder recorder) {
        recorder.pipelineSubmitted();
        recorder.taskFinished(new TaskRecord("p1", "p1/train", "train", "train-only", "vision", "MANUAL", "n1",
                0, 0, 10, 3610, 500, "finished"));
        recorder.taskFinished(new TaskRecord("p1", "p1/deploy", "deploy", "train-only", "vision", "MANUAL",
                "n2;n3", 0, 3610, 3610.25, 3700.125, 0, "finished"));
        recorder.pipelineFinished(new PipelineRecord("p1", "train-only", "vision", "vision/model-1", "MANUAL", 0,
                3700.125, 2));
        recorder.sample(0, "queue_length", "gpu", 1);
        recorder.sample(60, "queue_length", "gpu", 0);
        recorder.sampleDetail(60, "node_utilisation", "n1", 0.5);
    }

    @Test
    void fullModeWritesGoldenCsv(@TempDir Path directory) throws Exception {
        RunRecorder recorder = new RunRecorder(RecordingMode.FULL, directory);

        recordTinyRun(recorder);
        RunSummary summary = recorder.finish(3700.125);

        assertEquals("""
                pipeline_id,task_id,task_type,pipeline_type,tenant,trigger,node_ids,pipeline_submit_s,queued_s,start_s,end_s,wait_s,gpu_milli,outcome
                p1,p1/train,train,train-only,vision,MANUAL,n1,0,0,10,3610,10,500,finished
                p1,p1/deploy,deploy,train-only,vision,MANUAL,n2;n3,0,3610,3610.25,3700.125,0.25,0,finished
                """, Files.readString(directory.resolve("tasks.csv")));
        assertEquals("""
                pipeline_id,pipeline_type,tenant,model_id,trigger,submit_s,end_s,sojourn_s,tasks
                p1,train-only,vision,vision/model-1,MANUAL,0,3700.125,3700.125,2
                """, Files.readString(directory.resolve("pipelines.csv")));
        assertEquals("""
                time_s,series,key,value
                0,queue_length,gpu,1
                60,queue_length,gpu,0
                60,node_utilisation,n1,0.5
                """, Files.readString(directory.resolve("timeseries.csv")));
        // Waits 10 and 0.25 s: mean 5.125. GPU: half a GPU for 3600 s is 0.5 GPU-hours.
        assertEquals(5.125, summary.get("task_wait_mean_s"), 1e-12);
        assertEquals(0.5, summary.get("gpu_hours_used"), 1e-12);
        assertEquals(0.5, summary.get("mean_queue_length_gpu"), 1e-12);
        assertTrue(Files.size(directory.resolve("plots/queue_length.png")) > 0);
        assertTrue(Files.readString(directory.resolve("summary.csv")).contains("task_wait_mean_s,5.125\n"));
    }

    @Test
    void summaryOnlyWritesNoTraces(@TempDir Path directory) throws Exception {
        RunRecorder recorder = new RunRecorder(RecordingMode.SUMMARY_ONLY, directory);

        recordTinyRun(recorder);
        RunSummary summary = recorder.finish(3700.125);

        assertFalse(Files.exists(directory.resolve("tasks.csv")));
        assertFalse(Files.exists(directory.resolve("timeseries.csv")));
        assertTrue(Files.exists(directory.resolve("summary.csv")));
        assertEquals(1, summary.get("pipelines_completed"));
        assertEquals(3700.125, summary.get("pipeline_sojourn_mean_s"), 1e-9);
    }

    @Test
    void csvQuotesSeparators(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("q.csv");
        try (CsvWriter csv = new CsvWriter(file, "a", "b")) {
            csv.text("x,y").text("say \"hi\"").endRow();
            csv.number(1e-7).number(-0.0).endRow();
        }

        assertEquals("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n0,0\n", Files.readString(file));
    }
}
