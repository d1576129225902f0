package io.pipetwin.core.forecast.scenario;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipetwin.core.forecast.ForecastConfig;
import io.pipetwin.core.forecast.ForecastResult;
import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.SnapshotModel;
import io.pipetwin.core.forecast.SnapshotNode;
import io.pipetwin.core.forecast.SnapshotRequest;
import io.pipetwin.core.forecast.SnapshotTask;
import io.pipetwin.core.metrics.RetrainingPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioTest {

    private static final double T0 = 1_700_000_000.0;
    private static final double[] LEVELS = {0.1, 0.5, 0.9};
    private static final SnapshotRequest ONE_GPU = new SnapshotRequest(1000, 1024, 1, 1000, null);

    private static SnapshotNode a100(String id) {
        return new SnapshotNode(id, "A100", 8000, 65536, 1, "A100");
    }

    private static SnapshotTask waiting(String id, String taskClass) {
        return new SnapshotTask(id, "p-" + id, taskClass, ONE_GPU, 1, T0, List.of());
    }

    @Test
    void jsonRoundTrips() {
        String json = """
                {"name": "grow", "queueingPolicy": "sjf", "placementPolicy": "best-fit",
                 "nodes": [{"gpuModel": "H100", "count": 2, "cpuMilli": 96000, "memoryMib": 786432, "gpusPerNode": 8},
                           {"gpuModel": "V100", "count": -1}],
                 "retrainingStrategy": "periodic:period=2h", "arrivalRateMultiplier": 1.5}
                """;
        Scenario scenario = ScenarioJson.parse(json);
        assertAll(
                () -> assertEquals(new NodeChange("H100", 2, 96000, 786432, 8), scenario.nodeChanges().get(0)),
                () -> assertEquals(-1, scenario.nodeChanges().get(1).count()),
                () -> assertEquals(1.5, scenario.arrivalRateMultiplier()),
                () -> assertEquals(scenario, ScenarioJson.parse(ScenarioJson.toJson(scenario))),
                () -> assertEquals(new Scenario("bare", null, null, List.of(), null, null),
                        ScenarioJson.parse("{\"name\": \"bare\"}")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\": \"x\", \"queueingPolicy\": \"lifo\"}|queueingPolicy|lifo",
            "{\"name\": \"x\", \"placementPolicy\": \"random\"}|placementPolicy|first-fit",
            "{\"name\": \"x\", \"arrivalMultiplier\": 2}|arrivalMultiplier|arrivalRateMultiplier",
            "{\"name\": \"x\", \"arrivalRateMultiplier\": -1}|arrivalRateMultiplier|-1",
            "{\"name\": \"x\", \"arrivalRateMultiplier\": \"2\"}|arrivalRateMultiplier|not a number",
            "{\"name\": \"x\", \"retrainingStrategy\": \"weekly\"}|retrainingStrategy|weekly",
            "{\"name\": \"x\", \"nodes\": [{\"gpuModel\": \"A100\", \"count\": 0}]}|nodes[0].count|0",
            "{\"name\": \"x\", \"nodes\": [{\"gpuModel\": \"A100\", \"count\": 2, \"cpuMilli\": 1000, \"memoryMib\": 1000}]}|nodes[0].gpusPerNode|1 to 64",
            "{\"name\": \"x\", \"nodes\": [{\"count\": -2}]}|nodes[0].gpuModel|cpu",
            "{\"queueingPolicy\": \"fifo\"}|name|missing",
            "[1, 2]|(document)|object"})
    void invalidFieldsAreNamedWithValueAndFix(String json, String field, String hint) {
        InvalidScenarioException error = assertThrows(InvalidScenarioException.class, () -> ScenarioJson.parse(json));
        assertAll(
                () -> assertEquals(field, error.field()),
                () -> assertTrue(error.getMessage().contains(hint), error.getMessage()));
    }

    /**
     * Three A100 nodes, a1 running a task, and a V100 node. Removing two A100s takes the idle ones, a3 then
     * a2 (ties broken by greatest id); removing three also takes a1, whose task rejoins the queue.
     */
    @Test
    void removalTakesLeastBusyNodes() {
        SnapshotTask busy = new SnapshotTask("r1", "p", "train", ONE_GPU, 1, T0 - 50, List.of("a1"));
        PlatformSnapshot snapshot = new PlatformSnapshot(T0, List.of(a100("a1"), a100("a2"), a100("a3"),
                new SnapshotNode("v1", "V100", 8000, 65536, 4, "V100")), List.of(waiting("w1", "train")),
                List.of(busy), Map.of(), 0.0, List.of());

        PlatformSnapshot two = new Scenario("s", null, null, List.of(new NodeChange("A100", -2, 0, 0, 0)), null, null)
                .apply(snapshot, PlatformPolicies.DEFAULT).snapshot();
        PlatformSnapshot three = new Scenario("s", null, null, List.of(new NodeChange("A100", -3, 0, 0, 0)), null,
                null).apply(snapshot, PlatformPolicies.DEFAULT).snapshot();
        PlatformSnapshot grown = new Scenario("s", null, null, List.of(new NodeChange("H100", 2, 1000, 1000, 8)), null,
                null).apply(snapshot, PlatformPolicies.DEFAULT).snapshot();

        assertAll(
                () -> assertEquals(List.of("a1", "v1"), two.nodes().stream().map(SnapshotNode::nodeId).toList()),
                () -> assertEquals(List.of(busy), two.running()),
                () -> assertEquals(List.of("v1"), three.nodes().stream().map(SnapshotNode::nodeId).toList()),
                () -> assertTrue(three.running().isEmpty()),
                () -> assertEquals(List.of("w1", "r1"), three.waiting().stream().map(SnapshotTask::taskId).toList()),
                () -> assertEquals(T0, three.waiting().get(1).sinceSeconds()),
                () -> assertEquals(List.of("s-H100-0", "s-H100-1"),
                        grown.nodes().subList(4, 6).stream().map(SnapshotNode::nodeId).toList()),
                () -> assertEquals("H100", grown.nodes().get(4).gpuModel()));

        InvalidScenarioException tooMany = assertThrows(InvalidScenarioException.class,
                () -> new Scenario("s", null, null, List.of(new NodeChange("A100", -4, 0, 0, 0)), null, null)
                        .apply(snapshot, PlatformPolicies.DEFAULT));
        assertEquals("nodes[0].count", tooMany.field());
    }

    /**
     * One single-GPU node busy until 5 s, a 500 s task queued before a 10 s one. FIFO starts the long one at
     * 5 s, so the short one still waits at 20 s. Shortest-expected-job-first starts the short one at 5 s (done
     * at 15 s) and then the long one, so the queue is empty at 20 s. With a second node the long task starts
     * there at 0 and the short one at 5 s.
     */
    @Test
    void variantForecastUsesTheScenariosPoliciesAndNodes() {
        SnapshotTask blocker = new SnapshotTask("b", "p-b", "blocker", ONE_GPU, 1, T0, List.of("a1"));
        PlatformSnapshot snapshot = new PlatformSnapshot(T0, List.of(a100("a1")),
                List.of(waiting("long", "long"), waiting("short", "short")), List.of(blocker),
                Map.of("long", new double[] {500}, "short", new double[] {10}, "blocker", new double[] {5}), 0.0,
                List.of());
        ForecastConfig config = new ForecastConfig(40, 20, 2, 1, LEVELS);

        ForecastResult live = new Scenario("live", null, null, List.of(), null, null)
                .apply(snapshot, PlatformPolicies.DEFAULT).forecast(config);
        ForecastResult sjf = new Scenario("sjf", "sjf", null, List.of(), null, null)
                .apply(snapshot, PlatformPolicies.DEFAULT).forecast(config);
        ForecastResult grown = new Scenario("grow", null, null, List.of(new NodeChange("A100", 1, 8000, 65536, 1)),
                null, null).apply(snapshot, PlatformPolicies.DEFAULT).forecast(config);

        assertAll(
                () -> assertArrayEquals(new double[] {1, 1}, live.queueLengthByTaskPool().get("gpu").mean()),
                () -> assertArrayEquals(new double[] {0, 0}, sjf.queueLengthByTaskPool().get("gpu").mean()),
                () -> assertArrayEquals(new double[] {0, 0}, grown.queueLengthByTaskPool().get("gpu").mean()));
    }

    @Test
    void retrainingStrategyAndArrivalRateAreReplaced() {
        PlatformSnapshot snapshot = new PlatformSnapshot(T0, List.of(a100("a1")), List.of(), List.of(), Map.of(),
                0.01, List.of()).withModels(List.of(new SnapshotModel("m", "pytorch", T0, Map.of("accuracy", 0.9))),
                RetrainingPolicy.NONE);
        PlatformSnapshot variant = new Scenario("s", null, null, List.of(), "periodic:period=1h", 2.0)
                .apply(snapshot, PlatformPolicies.DEFAULT).snapshot();
        assertAll(
                () -> assertEquals("periodic:period=1h", variant.retrainingPolicy().spec()),
                () -> assertEquals(0.02, variant.effectiveArrivalModel().ratePerSecondAt(T0 + 100), 1e-15),
                () -> assertEquals(0.01, snapshot.effectiveArrivalModel().ratePerSecondAt(T0 + 100), 1e-15));
    }
}
