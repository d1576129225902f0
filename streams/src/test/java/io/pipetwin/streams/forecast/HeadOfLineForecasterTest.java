package io.pipetwin.streams.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pipetwin.core.scheduling.HeadOfLineRule;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.PlatformSummary;
import org.junit.jupiter.api.Test;

class HeadOfLineForecasterTest {

    private static PlatformSummary summary(long queueStarts, long overtakes) {
        PlatformSummary summary = new PlatformSummary("p1");
        summary.count(MirrorCounter.QUEUE_STARTS, queueStarts);
        summary.count(MirrorCounter.QUEUE_OVERTAKES, overtakes);
        return summary;
    }

    @Test
    void noEvidenceBeforeFiftyQueueStarts() {
        assertNull(HeadOfLineForecaster.observedRule(summary(0, 0)));
        assertNull(HeadOfLineForecaster.observedRule(summary(49, 0)));
    }

    @Test
    void strictAfterFiftyStartsInOrder() {
        assertEquals(HeadOfLineRule.STRICT, HeadOfLineForecaster.observedRule(summary(50, 0)));
        assertEquals(HeadOfLineRule.STRICT, HeadOfLineForecaster.observedRule(summary(100_000, 0)));
    }

    @Test
    void backfillAfterEnoughOvertakes() {
        assertEquals(HeadOfLineRule.BACKFILL, HeadOfLineForecaster.observedRule(summary(10, 3)));
        assertEquals(HeadOfLineRule.BACKFILL, HeadOfLineForecaster.observedRule(summary(1_000, 5)));
    }

    @Test
    void rareOvertakesShowNeitherRule() {
        // Two overtakes, or 4 in 1,000 starts, are too few for backfill and too many for strict FIFO.
        assertNull(HeadOfLineForecaster.observedRule(summary(100, 2)));
        assertNull(HeadOfLineForecaster.observedRule(summary(1_000, 4)));
    }

    @Test
    void scenarioPoliciesFollowBaselineRule() {
        HeadOfLineForecaster auto = new HeadOfLineForecaster(HeadOfLineSetting.AUTO, 1);
        HeadOfLineForecaster backfill = new HeadOfLineForecaster(HeadOfLineSetting.BACKFILL, 1);

        assertEquals(HeadOfLineRule.BACKFILL, auto.policiesFor("p1", summary(10, 0)).headOfLineRule());
        assertEquals(HeadOfLineRule.STRICT, auto.policiesFor("p1", summary(100, 0)).headOfLineRule());
        assertEquals(HeadOfLineRule.BACKFILL, auto.policiesFor("p1", summary(100, 5)).headOfLineRule());
        assertEquals(HeadOfLineRule.BACKFILL, backfill.policiesFor("p1", summary(100, 0)).headOfLineRule());
        assertEquals("fifo", auto.policiesFor("p1", summary(100, 0)).queueingPolicy());
        assertEquals("first-fit", auto.policiesFor("p1", summary(100, 0)).placementPolicy());
    }

    @Test
    void settingParsesAnyCase() {
        assertEquals(HeadOfLineSetting.AUTO, HeadOfLineSetting.parse("auto"));
        assertEquals(HeadOfLineSetting.STRICT, HeadOfLineSetting.parse(" Strict "));
        assertEquals(HeadOfLineSetting.BACKFILL, HeadOfLineSetting.parse("BACKFILL"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> HeadOfLineSetting.parse("fifo"));
        assertEquals("head-of-line rule 'fifo' is invalid; use auto, strict or backfill", error.getMessage());
    }
}
