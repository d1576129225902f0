package io.pipetwin.core.calibration;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.pipetwin.core.workload.GeneratedPipeline;
import io.pipetwin.core.workload.WorkloadGenerator;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.core.workload.WorkloadProfileLoader;

/** The committed calibrated profiles load, name their source and drive the standard workload generator. */
class CommittedProfilesTest {

    @ParameterizedTest
    @CsvSource({
            "alibaba-gpu-2023, alibaba-gpu-2023, openb_pod_list_default.csv, bd82505791c723c5b11486ef457fb338529912c0",
            "philly, philly-csv, philly.csv, 6f73f02fb0c3eca7ea40f7031ce45a715463900e",
            "alibaba-dlrm-2025, alibaba-dlrm-2025, disaggregated_DLRM_trace.csv, 299369c92aacbfea4886c81170b21fa3413cfd98"})
    void profileLoadsAndGenerates(String name, String format, String file, String blob) throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/profiles/" + name + ".json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        WorkloadProfile profile = WorkloadProfileLoader.parse(json, name);
        CalibratedModel model = CalibratedProfiles.model(profile, name);
        WorkloadGenerator generator = new WorkloadGenerator(profile, new SplittableRandom(1), new SplittableRandom(2));
        double previous = 0;
        for (int i = 0; i < 100; i++) {
            GeneratedPipeline pipeline = generator.next();
            assertTrue(pipeline.submitTimeSeconds() >= previous, "submit times never decrease");
            previous = pipeline.submitTimeSeconds();
        }
        double weights = model.classes().stream().mapToDouble(CalibratedModel.TaskClass::weight).sum();
        assertAll(
                () -> assertEquals(name, profile.name()),
                () -> assertEquals(format, model.source().format()),
                () -> assertEquals(file, model.source().file()),
                () -> assertEquals(blob, model.source().gitBlob()),
                () -> assertTrue(model.source().command().startsWith("pipetwin calibrate --format " + format)),
                () -> assertEquals(168, model.arrivals().hourOfWeekRatesPerHour().length),
                () -> assertEquals(1.0, weights, 1e-9));
    }
}
