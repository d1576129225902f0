package io.pipetwin.core.validation;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG charts of a validation: CDF overlays on a log time axis and utilisation time series. */
final class ValidationCharts {

    static final int WIDTH_PIXELS = 900;
    static final int HEIGHT_PIXELS = 500;
    /** Points drawn per CDF line; larger samples are thinned evenly. */
    static final int MAX_POINTS = 2000;

    static {
        // JFreeChart draws through AWT; headless mode lets it run without a display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ValidationCharts() {
    }

    /**
     * Writes the empirical CDFs of the ascending samples in {@code lines}, one line each, with x on a log
     * axis; values below {@code floor} are drawn at the floor (a log axis has no 0).
     */
    static void cdf(Path file, String title, String xLabel, Map<String, double[]> lines, double floor)
            throws IOException {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Map.Entry<String, double[]> line : lines.entrySet()) {
            double[] sorted = line.getValue();
            XYSeries series = new XYSeries(line.getKey(), true, true);
            int step = Math.max(1, sorted.length / MAX_POINTS);
            for (int i = 0; i < sorted.length; i += step) {
                series.addOrUpdate(Math.max(floor, sorted[i]), (double) (i + 1) / sorted.length);
            }
            if (sorted.length > 0) {
                series.addOrUpdate(Math.max(floor, sorted[sorted.length - 1]), 1.0);
            }
            dataset.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, "CDF", dataset, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis axis = new LogAxis(xLabel);
        axis.setSmallestValue(floor);
        plot.setDomainAxis(axis);
        plot.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH_PIXELS, HEIGHT_PIXELS);
    }

    /** Writes time series sharing the x axis (hours), one line per entry of {@code lines}. */
    static void timeSeries(Path file, String title, String yLabel, double binSeconds, double startSeconds,
                           Map<String, double[]> lines) throws IOException {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Map.Entry<String, double[]> line : lines.entrySet()) {
            XYSeries series = new XYSeries(line.getKey(), false, true);
            double[] values = line.getValue();
            for (int i = 0; i < values.length; i++) {
                series.add((startSeconds + i * binSeconds) / 3600.0, values[i], false);
            }
            dataset.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "trace time (h)", yLabel, dataset,
                PlotOrientation.VERTICAL, true, false, false);
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH_PIXELS, HEIGHT_PIXELS);
    }
}
