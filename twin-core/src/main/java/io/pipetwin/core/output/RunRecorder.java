package io.pipetwin.core.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one simulation run. In {@link RecordingMode#FULL} it streams {@code tasks.csv},
 * {@code pipelines.csv} and {@code timeseries.csv} into the output directory as the run goes, and at the
 * end writes {@code summary.csv} and PNG charts under {@code plots/}. In
 * {@link RecordingMode#SUMMARY_ONLY} it keeps only running statistics and quantile sketches, so its
 * memory does not grow with the run length; nothing is written unless an output directory is given,
 * and then only {@code summary.csv}.
 *
 * <p>Time-series samples come in two kinds: {@link #sample} for aggregate series (per pool, per metric),
 * which are also charted and averaged into the summary, and {@link #sampleDetail} for per-entity series
 * (per node, per model), which only go to the CSV.
 *
 * <p>The streamed files are written as CSV, as Parquet ({@code tasks.parquet}, {@code pipelines.parquet},
 * {@code timeseries.parquet}, same columns; see {@link ParquetTableWriter}) or both, by {@link OutputFormat};
 * the summary stays CSV.
 */
public final class RunRecorder implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);
    private static final int CHART_POINTS_PER_LINE = 4096;

    private final RecordingMode mode;
    private final Path outputDirectory;
    private final CsvWriter tasks;
    private final CsvWriter pipelines;
    private final CsvWriter timeSeries;
    private final ParquetTableWriter tasksParquet;
    private final ParquetTableWriter pipelinesParquet;
    private final ParquetTableWriter timeSeriesParquet;

    private long pipelinesSubmitted;
    private final RunningStatistics taskWaitSeconds = new RunningStatistics();
    private final LogHistogram taskWaitHistogram = new LogHistogram();
    private final RunningStatistics pipelineSojournSeconds = new RunningStatistics();
    private final LogHistogram pipelineSojournHistogram = new LogHistogram();
    private final Map<String, RunningStatistics> waitByTaskType = new TreeMap<>();
    private long tasksFailed;
    private double gpuSeconds;
    private final Map<String, RunningStatistics> sampledMeans = new LinkedHashMap<>();
    private final Map<String, Map<String, DecimatingSeries>> chartLines = new LinkedHashMap<>();

    /**
     * @param outputDirectory where files go; may be null only in {@link RecordingMode#SUMMARY_ONLY}
     */
    public RunRecorder(RecordingMode mode, Path outputDirectory) throws IOException {
        this(mode, outputDirectory, OutputFormat.CSV);
    }

    /**
     * @param outputDirectory where files go; may be null only in {@link RecordingMode#SUMMARY_ONLY}
     * @param format          format of the task, pipeline and time-series files under full recording
     */
    public RunRecorder(RecordingMode mode, Path outputDirectory, OutputFormat format) throws IOException {
        if (mode == RecordingMode.FULL && outputDirectory == null) {
            throw new IllegalArgumentException("full recording needs an output directory");
        }
        this.mode = mode;
        this.outputDirectory = outputDirectory;
        boolean full = mode == RecordingMode.FULL;
        if (full && format.csv()) {
            tasks = new CsvWriter(outputDirectory.resolve("tasks.csv"), TASK_COLUMNS);
            pipelines = new CsvWriter(outputDirectory.resolve("pipelines.csv"), PIPELINE_COLUMNS);
            timeSeries = new CsvWriter(outputDirectory.resolve("timeseries.csv"), SERIES_COLUMNS);
        } else {
            tasks = null;
            pipelines = null;
            timeSeries = null;
        }
        if (full && format.parquet()) {
            tasksParquet = new ParquetTableWriter(outputDirectory.resolve("tasks.parquet"), "Task",
                    columns(TASK_COLUMNS, "TTTTTTTNNNNNIT"));
            pipelinesParquet = new ParquetTableWriter(outputDirectory.resolve("pipelines.parquet"), "Pipeline",
                    columns(PIPELINE_COLUMNS, "TTTTTNNNI"));
            timeSeriesParquet = new ParquetTableWriter(outputDirectory.resolve("timeseries.parquet"), "Sample",
                    columns(SERIES_COLUMNS, "NTTN"));
        } else {
            tasksParquet = null;
            pipelinesParquet = null;
            timeSeriesParquet = null;
        }
    }

    /** Columns of the task trace. */
    public static final String[] TASK_COLUMNS = {"pipeline_id", "task_id", "task_type", "pipeline_type", "tenant",
        "trigger", "node_ids", "pipeline_submit_s", "queued_s", "start_s", "end_s", "wait_s", "gpu_milli", "outcome"};
    /** Columns of the pipeline file. */
    public static final String[] PIPELINE_COLUMNS = {"pipeline_id", "pipeline_type", "tenant", "model_id", "trigger",
        "submit_s", "end_s", "sojourn_s", "tasks"};
    /** Columns of the time-series file. */
    public static final String[] SERIES_COLUMNS = {"time_s", "series", "key", "value"};

    /** Pairs names with types given one letter each: T text, N number, I integer. */
    private static ParquetTableWriter.Column[] columns(String[] names, String types) {
        ParquetTableWriter.Column[] columns = new ParquetTableWriter.Column[names.length];
        for (int i = 0; i < names.length; i++) {
            columns[i] = new ParquetTableWriter.Column(names[i], switch (types.charAt(i)) {
                case 'T' -> ParquetTableWriter.ColumnType.TEXT;
                case 'N' -> ParquetTableWriter.ColumnType.NUMBER;
                default -> ParquetTableWriter.ColumnType.INTEGER;
            });
        }
        return columns;
    }

    public RecordingMode mode() {
        return mode;
    }

    public void pipelineSubmitted() {
        pipelinesSubmitted++;
    }

    public void taskFinished(TaskRecord record) {
        double wait = Math.max(0.0, record.waitSeconds());
        taskWaitSeconds.add(wait);
        taskWaitHistogram.add(wait);
        waitByTaskType.computeIfAbsent(record.taskType(), type -> new RunningStatistics()).add(wait);
        gpuSeconds += record.gpuSeconds();
        if ("failed".equals(record.outcome())) {
            tasksFailed++;
        }
        if (tasks != null) {
            tasks.text(record.pipelineId()).text(record.taskId()).text(record.taskType())
                    .text(record.pipelineType()).text(record.tenant()).text(record.trigger())
                    .text(record.nodeIds()).number(record.pipelineSubmitSeconds()).number(record.queuedSeconds())
                    .number(record.startSeconds()).number(record.endSeconds()).number(wait)
                    .number(record.gpuMilli()).text(record.outcome());
            tasks.endRow();
        }
        if (tasksParquet != null) {
            tasksParquet.text(record.pipelineId()).text(record.taskId()).text(record.taskType())
                    .text(record.pipelineType()).text(record.tenant()).text(record.trigger())
                    .text(record.nodeIds()).number(record.pipelineSubmitSeconds()).number(record.queuedSeconds())
                    .number(record.startSeconds()).number(record.endSeconds()).number(wait)
                    .integer(record.gpuMilli()).text(record.outcome());
            tasksParquet.endRow();
        }
    }

    public void pipelineFinished(PipelineRecord record) {
        pipelineSojournSeconds.add(record.sojournSeconds());
        pipelineSojournHistogram.add(Math.max(0.0, record.sojournSeconds()));
        if (pipelines != null) {
            pipelines.text(record.pipelineId()).text(record.pipelineType()).text(record.tenant())
                    .text(record.modelId()).text(record.trigger()).number(record.submitSeconds())
                    .number(record.endSeconds()).number(record.sojournSeconds()).number(record.taskCount());
            pipelines.endRow();
        }
        if (pipelinesParquet != null) {
            pipelinesParquet.text(record.pipelineId()).text(record.pipelineType()).text(record.tenant())
                    .text(record.modelId()).text(record.trigger()).number(record.submitSeconds())
                    .number(record.endSeconds()).number(record.sojournSeconds()).integer(record.taskCount());
            pipelinesParquet.endRow();
        }
    }

    /**
     * Records one value of an aggregate series (for example {@code queue_length} of pool {@code gpu}).
     * Samples taken at a fixed interval make the summary's mean a time average.
     */
    public void sample(double timeSeconds, String series, String key, double value) {
        if (Double.isNaN(value)) {
            return;
        }
        sampledMeans.computeIfAbsent(series + "_" + key, name -> new RunningStatistics()).add(value);
        if (mode == RecordingMode.FULL) {
            chartLines.computeIfAbsent(series, name -> new LinkedHashMap<>())
                    .computeIfAbsent(key, name -> new DecimatingSeries(CHART_POINTS_PER_LINE)).add(timeSeconds, value);
        }
        sampleDetail(timeSeconds, series, key, value);
    }

    /** Records one value of a per-entity series; it goes to the time-series file only, not to charts or the summary. */
    public void sampleDetail(double timeSeconds, String series, String key, double value) {
        if (Double.isNaN(value)) {
            return;
        }
        if (timeSeries != null) {
            timeSeries.number(timeSeconds).text(series).text(key).number(value);
            timeSeries.endRow();
        }
        if (timeSeriesParquet != null) {
            timeSeriesParquet.number(timeSeconds).text(series).text(key).number(value);
            timeSeriesParquet.endRow();
        }
    }

    /**
     * Closes the streams, writes the summary and charts, and returns the summary. Callers may add model
     * quality results to the returned summary and write it again with {@link #writeSummary}.
     */
    public RunSummary finish(double endSeconds) throws IOException {
        close();
        RunSummary summary = new RunSummary()
                .put("duration_s", endSeconds)
                .put("pipelines_submitted", pipelinesSubmitted)
                .put("pipelines_completed", pipelineSojournSeconds.count())
                .put("tasks_completed", taskWaitSeconds.count())
                .put("tasks_failed", tasksFailed)
                .put("task_wait_mean_s", taskWaitSeconds.mean())
                .put("task_wait_p50_s", taskWaitHistogram.quantile(0.50))
                .put("task_wait_p95_s", taskWaitHistogram.quantile(0.95))
                .put("task_wait_p99_s", taskWaitHistogram.quantile(0.99))
                .put("pipeline_sojourn_mean_s", pipelineSojournSeconds.mean())
                .put("pipeline_sojourn_p50_s", pipelineSojournHistogram.quantile(0.50))
                .put("pipeline_sojourn_p95_s", pipelineSojournHistogram.quantile(0.95))
                .put("pipeline_sojourn_p99_s", pipelineSojournHistogram.quantile(0.99))
                .put("gpu_hours_used", gpuSeconds / 3600.0);
        for (Map.Entry<String, RunningStatistics> type : waitByTaskType.entrySet()) {
            summary.put("task_wait_mean_s_" + type.getKey(), type.getValue().mean());
        }
        for (Map.Entry<String, RunningStatistics> series : sampledMeans.entrySet()) {
            summary.put("mean_" + series.getKey(), series.getValue().mean());
        }
        if (mode == RecordingMode.FULL) {
            for (Map.Entry<String, Map<String, DecimatingSeries>> series : chartLines.entrySet()) {
                ChartWriter.write(outputDirectory.resolve("plots"), series.getKey(), series.getValue());
            }
        }
        writeSummary(summary);
        return summary;
    }

    /** Writes {@code summary.csv} when there is an output directory. */
    public void writeSummary(RunSummary summary) throws IOException {
        if (outputDirectory != null) {
            summary.writeCsv(outputDirectory.resolve("summary.csv"));
        }
    }

    public Path outputDirectory() {
        return outputDirectory;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        Closeable[] writers = {tasks, pipelines, timeSeries, tasksParquet, pipelinesParquet, timeSeriesParquet};
        Path[] paths = new Path[writers.length];
        for (int i = 0; i < writers.length; i++) {
            paths[i] = writers[i] instanceof CsvWriter csv ? csv.path()
                    : writers[i] instanceof ParquetTableWriter parquet ? parquet.path() : null;
        }
        for (int i = 0; i < writers.length; i++) {
            if (writers[i] == null) {
                continue;
            }
            try {
                writers[i].close();
            } catch (IOException | RuntimeException e) {
                LOG.error("Closing {} failed", paths[i], e);
                failure = e instanceof IOException io ? io : new IOException(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
