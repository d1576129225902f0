package io.pipetwin.core.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UtilisationSeriesTest {

    @Test
    void intervalSpreadsOverBins() {
        // Bins of 100 s on a 4-GPU cluster over [0, 300). 2 GPUs from 50 to 250 fill half of bin 0,
        // all of bin 1 and half of bin 2 with 2 of 4 GPUs: 0.25, 0.5, 0.25.
        UtilisationSeries series = new UtilisationSeries(0, 300, 100, 4);
        series.add(50, 250, 2);
        assertArrayEquals(new double[] {0.25, 0.5, 0.25}, series.utilisation(), 1e-12);
        assertEquals(1.0 / 3, series.mean(), 1e-12);
    }

    @Test
    void partsOutsideTheRangeAreDropped() {
        UtilisationSeries series = new UtilisationSeries(100, 200, 100, 1);
        series.add(0, 150, 1);
        series.add(190, 1000, 1);
        assertArrayEquals(new double[] {0.6}, series.utilisation(), 1e-12);
    }
}
