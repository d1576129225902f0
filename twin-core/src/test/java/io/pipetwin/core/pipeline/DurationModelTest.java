package io.pipetwin.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.platform.ResourceKind;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DurationModelTest {

    @Test
    void lognormalSampleMedianMatchesModel() {
        LognormalDurationModel model = new LognormalDurationModel();
        RandomStream random = new RandomStream(1);
        double[] samples = new double[200_001];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = model.sampleSeconds(TaskType.TRAIN, "pytorch", 0, ResourceKind.GPU, random);
        }
        Arrays.sort(samples);

        // Median of train on GPU at the reference size is 1800 s; the sample median's sd is about 0.3 %.
        assertEquals(1800.0, samples[samples.length / 2], 1800.0 * 0.015);
        assertEquals(1800.0 * Math.exp(0.5), model.expectedSeconds(TaskType.TRAIN, null, 0, ResourceKind.GPU), 1e-9);
    }

    @Test
    void lognormalMedianScalesWithInputs() {
        LognormalDurationModel model = new LognormalDurationModel();
        double base = model.medianSeconds(TaskType.TRAIN, null, DurationDefaults.REFERENCE_DATASET_BYTES,
                ResourceKind.GPU);
        double doubleData = model.medianSeconds(TaskType.TRAIN, null, 2 * DurationDefaults.REFERENCE_DATASET_BYTES,
                ResourceKind.GPU);
        double onCpu = model.medianSeconds(TaskType.TRAIN, null, DurationDefaults.REFERENCE_DATASET_BYTES,
                ResourceKind.CPU);

        assertEquals(1800.0, base, 1e-9);
        assertEquals(1800.0 * Math.pow(2, DurationDefaults.DATASET_SIZE_EXPONENT), doubleData, 1e-9);
        assertEquals(1800.0 * DurationDefaults.CPU_SLOWDOWN_OF_GPU_TASK, onCpu, 1e-9);
    }

    @Test
    void residualLifeDrawsOnlyLongerObservations() {
        EmpiricalDurationModel model = new EmpiricalDurationModel(Map.of("train", new double[] {50, 100, 300, 700}),
                100);
        RandomStream random = new RandomStream(2);
        boolean sawShort = false;
        boolean sawLong = false;
        for (int i = 0; i < 1000; i++) {
            double remaining = model.sampleRemainingSeconds("train", 200, random);
            assertTrue(remaining == 100 || remaining == 500, "remaining " + remaining);
            sawShort |= remaining == 100;
            sawLong |= remaining == 500;
        }
        assertTrue(sawShort, "the 300 s observation should be drawn");
        assertTrue(sawLong, "the 700 s observation should be drawn");
    }

    @Test
    void empiricalKeepsOnlyRecentObservations() {
        EmpiricalDurationModel model = new EmpiricalDurationModel(Map.of("c", new double[] {1, 2, 3, 4, 5}), 2);
        RandomStream random = new RandomStream(3);

        assertEquals(2, model.observations("c"));
        for (int i = 0; i < 100; i++) {
            double sample = model.sampleSeconds("c", random);
            assertTrue(sample == 4 || sample == 5, "sample " + sample);
        }
        assertEquals(4.5, model.meanSeconds("c"));
    }
}
