package io.pipetwin.core.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class WorkloadProfileLoaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Returns the default profile's JSON after an edit. */
    private static String editedDefault(UnaryOperator<ObjectNode> edit) throws Exception {
        String json = WorkloadProfileLoader.toJson(WorkloadProfileLoader.loadDefault());
        return MAPPER.writeValueAsString(edit.apply((ObjectNode) MAPPER.readTree(json)));
    }

    private static InvalidProfileException rejection(String json) {
        return assertThrows(InvalidProfileException.class, () -> WorkloadProfileLoader.parse(json, "test.json"));
    }

    private static void assertProblem(InvalidProfileException error, String path, String valueText) {
        boolean found = error.problems().stream().anyMatch(p -> p.startsWith(path + ":") && p.contains(valueText));
        assertTrue(found, "no problem at " + path + " naming " + valueText + " in " + error.problems());
    }

    @Test
    void defaultProfileLoadsAndRoundTrips() {
        WorkloadProfile profile = WorkloadProfileLoader.loadDefault();

        assertEquals(1, profile.version());
        assertEquals(168, profile.arrivals().hourOfWeekRatesPerHour().length);
        assertEquals("default", WorkloadProfileLoader.parse(WorkloadProfileLoader.toJson(profile), "round trip").name());
    }

    @Test
    void rejectsShortRateArray() throws Exception {
        String json = editedDefault(root -> {
            ArrayNode rates = (ArrayNode) root.get("arrivals").get("hourOfWeekRatesPerHour");
            while (rates.size() > 24) {
                rates.remove(rates.size() - 1);
            }
            return root;
        });

        assertProblem(rejection(json), "$.arrivals.hourOfWeekRatesPerHour", "has 24 values");
    }

    @Test
    void rejectsNegativeRateWithIndex() throws Exception {
        String json = editedDefault(root -> {
            ((ArrayNode) root.get("arrivals").get("hourOfWeekRatesPerHour")).set(30, -2.0);
            return root;
        });

        assertProblem(rejection(json), "$.arrivals.hourOfWeekRatesPerHour[30]", "-2.0");
    }

    @Test
    void rejectsUnknownFieldWithPath() throws Exception {
        String json = editedDefault(root -> {
            ((ObjectNode) root.get("pipelineTypes").get(1)).put("weigth", 3);
            return root;
        });

        InvalidProfileException error = rejection(json);

        assertTrue(error.problems().get(0).startsWith("$.pipelineTypes[1].weigth:"), error.getMessage());
        assertTrue(error.getMessage().contains("weight"), "known fields not listed: " + error.getMessage());
        assertFalse(error.getMessage().contains("io.pipetwin"), "Java class named: " + error.getMessage());
    }

    @Test
    void rejectsStringForArray() throws Exception {
        String json = editedDefault(root -> {
            ((ObjectNode) root.get("arrivals")).put("hourOfWeekRatesPerHour", "x");
            return root;
        });

        InvalidProfileException error = rejection(json);

        assertTrue(error.problems().get(0).startsWith("$.arrivals.hourOfWeekRatesPerHour: expected an array"),
                error.getMessage());
        assertFalse(error.getMessage().contains("class"), "Java class named: " + error.getMessage());
    }

    @Test
    void rejectsWrongValueType() throws Exception {
        String json = editedDefault(root -> {
            root.put("modelsPerTenant", "many");
            return root;
        });

        InvalidProfileException error = rejection(json);

        assertTrue(error.problems().get(0).startsWith("$.modelsPerTenant:"), error.getMessage());
        assertTrue(error.getMessage().contains("many"), error.getMessage());
        assertTrue(error.getMessage().contains("is not a number"), error.getMessage());
    }

    @Test
    void rejectsUnknownTaskTypeAndDependency() throws Exception {
        String json = editedDefault(root -> {
            ObjectNode task = (ObjectNode) root.get("pipelineTypes").get(1).get("tasks").get(2);
            task.put("type", "finetune");
            ((ArrayNode) task.get("dependsOn")).add("nowhere");
            return root;
        });

        InvalidProfileException error = rejection(json);

        assertProblem(error, "$.pipelineTypes[1].tasks[2].type", "finetune");
        assertProblem(error, "$.pipelineTypes[1].tasks[2].dependsOn[1]", "nowhere");
    }

    @Test
    void rejectsDependencyCycle() throws Exception {
        String json = editedDefault(root -> {
            JsonNode tasks = root.get("pipelineTypes").get(1).get("tasks");
            ((ArrayNode) tasks.get(0).get("dependsOn")).add("deploy");
            return root;
        });

        assertProblem(rejection(json), "$.pipelineTypes[1].tasks", "cycle");
    }

    @Test
    void rejectsFractionalMultiGpu() throws Exception {
        String json = editedDefault(root -> {
            ObjectNode option = (ObjectNode) root.get("taskResources").get("train").get(3);
            option.put("gpuMilli", 500);
            return root;
        });

        assertProblem(rejection(json), "$.taskResources.train[3].gpuMilli", "500");
    }

    @Test
    void rejectsWrongVersionAndMalformedJson() throws Exception {
        String json = editedDefault(root -> {
            root.put("version", 7);
            return root;
        });

        assertProblem(rejection(json), "$.version", "7");
        assertTrue(rejection("{\"version\": 1,").getMessage().contains("malformed JSON"));
    }

    @Test
    void generatorFollowsTemplateDag() {
        WorkloadGenerator generator = new WorkloadGenerator(WorkloadProfileLoader.loadDefault(),
                new java.util.SplittableRandom(1), new java.util.SplittableRandom(2));
        double previous = 0;
        for (int i = 0; i < 2000; i++) {
            GeneratedPipeline pipeline = generator.next();
            assertTrue(pipeline.submitTimeSeconds() >= previous);
            previous = pipeline.submitTimeSeconds();
            List<GeneratedTask> tasks = pipeline.tasks();
            for (int t = 0; t < tasks.size(); t++) {
                for (int dependency : tasks.get(t).dependsOnIndexes()) {
                    assertTrue(dependency < t, pipeline.pipelineId() + " task " + t + " depends on later " + dependency);
                }
            }
        }
    }
}
