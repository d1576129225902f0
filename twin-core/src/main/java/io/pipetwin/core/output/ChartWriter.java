package io.pipetwin.core.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Writes one PNG line chart per time series, one line per key, with time in hours on the x axis. */
final class ChartWriter {

    static final int WIDTH_PIXELS = 1000;
    static final int HEIGHT_PIXELS = 500;

    /** Lines drawn per chart; keys past this are left out of the chart (they stay in the CSV). */
    static final int MAX_LINES = 12;

    static {
        // JFreeChart draws through AWT; headless mode lets it run without a display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ChartWriter() {
    }

    static Path write(Path directory, String series, Map<String, DecimatingSeries> lines) throws IOException {
        Files.createDirectories(directory);
        XYSeriesCollection dataset = new XYSeriesCollection();
        int drawn = 0;
        for (Map.Entry<String, DecimatingSeries> line : lines.entrySet()) {
            if (drawn++ == MAX_LINES) {
                break;
            }
            XYSeries xy = new XYSeries(line.getKey(), false, true);
            double[] times = line.getValue().times();
            double[] values = line.getValue().values();
            for (int i = 0; i < times.length; i++) {
                xy.add(times[i] / 3600.0, values[i], false);
            }
            dataset.addSeries(xy);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(series, "simulation time (h)", series, dataset,
                PlotOrientation.VERTICAL, true, false, false);
        Path file = directory.resolve(series.replaceAll("[^A-Za-z0-9_.-]", "_") + ".png");
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH_PIXELS, HEIGHT_PIXELS);
        return file;
    }
}
