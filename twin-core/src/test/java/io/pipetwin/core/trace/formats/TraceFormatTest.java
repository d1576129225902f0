package io.pipetwin.core.trace.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TraceFormatTest {

    @Test
    void namesResolveIgnoringCase() {
        assertEquals(TraceFormat.PHILLY_CSV, TraceFormat.fromName("Philly-CSV"));
        assertEquals(TraceFormat.ALIBABA_GPU_2023, TraceFormat.fromName("alibaba-gpu-2023"));
    }

    @Test
    void unknownNameListsEveryValidName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TraceFormat.fromName("philly"));
        for (String name : new String[] {"alibaba-gpu-2023", "alibaba-pai-2020", "philly-csv", "philly-json", "helios",
                "alibaba-dlrm-2025", "pipetwin-jsonl"}) {
            assertTrue(error.getMessage().contains(name), error.getMessage());
        }
        assertTrue(error.getMessage().contains("'philly'"), error.getMessage());
    }
}
