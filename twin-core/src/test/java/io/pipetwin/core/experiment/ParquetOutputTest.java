package io.pipetwin.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pipetwin.core.metrics.RetrainingPolicy;
import io.pipetwin.core.output.CsvWriter;
import io.pipetwin.core.output.OutputFormat;
import io.pipetwin.core.output.RecordingMode;
import io.pipetwin.core.workload.WorkloadProfileLoader;

/** A run written as CSV and Parquet at once: the Parquet files, read back with parquet-avro, hold the CSV rows. */
class ParquetOutputTest {

    private static final double DAY_SECONDS = 86_400.0;

    @Test
    void parquetFilesHoldTheCsvRows(@TempDir Path directory) throws Exception {
        SimulationConfig config = new SimulationConfig(SimulationRunTest.smallPlatform("small", 4),
                WorkloadProfileLoader.loadDefault(), "fifo", "first-fit",
                RetrainingPolicy.parse("threshold:min=0.84,check=6h"), 3, 2 * DAY_SECONDS, 600, RecordingMode.FULL,
                directory, OutputFormat.BOTH);
        SimulationRun.run(config);

        for (String table : List.of("tasks", "pipelines", "timeseries")) {
            List<List<String>> csv = readCsv(directory.resolve(table + ".csv"));
            List<String> header = csv.get(0);
            List<GenericRecord> parquet = readParquet(directory.resolve(table + ".parquet"));

            assertTrue(parquet.size() > 10, table + ".parquet has only " + parquet.size() + " rows");
            assertEquals(csv.size() - 1, parquet.size(), table + ": row count");
            Schema schema = parquet.get(0).getSchema();
            assertEquals(header.size(), schema.getFields().size(), table + ": column count");
            for (int row = 0; row < parquet.size(); row++) {
                GenericRecord record = parquet.get(row);
                List<String> cells = csv.get(row + 1);
                for (int column = 0; column < header.size(); column++) {
                    String name = header.get(column);
                    int r = row;
                    assertEquals(name, schema.getFields().get(column).name(), () -> table + ": column order");
                    assertEquals(cells.get(column), csvCell(record.get(column)),
                            () -> table + " row " + r + " column " + name);
                }
            }
        }
    }

    @Test
    void parquetOnlyWritesNoCsvTraces(@TempDir Path directory) throws Exception {
        SimulationRun.run(new SimulationConfig(SimulationRunTest.smallPlatform("small", 2),
                WorkloadProfileLoader.loadDefault(), "fifo", "first-fit", RetrainingPolicy.NONE, 5, DAY_SECONDS, 600,
                RecordingMode.FULL, directory, OutputFormat.PARQUET));

        assertFalse(Files.exists(directory.resolve("tasks.csv")));
        assertFalse(readParquet(directory.resolve("tasks.parquet")).isEmpty());
        assertTrue(Files.exists(directory.resolve("summary.csv")), "the summary stays CSV");
    }

    /** Formats a Parquet value as the CSV writer formats the same cell. */
    private static String csvCell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double number) {
            return CsvWriter.formatNumber(number);
        }
        if (value instanceof Long number) {
            return Long.toString(number);
        }
        return value.toString();
    }

    private static List<GenericRecord> readParquet(Path path) throws IOException {
        List<GenericRecord> records = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(path))
                .withDataModel(GenericData.get()).withConf(new PlainParquetConfiguration()).build()) {
            for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
                records.add(record);
            }
        }
        return records;
    }

    /** Reads an RFC 4180 file whose rows end with a line feed. */
    private static List<List<String>> readCsv(Path path) throws IOException {
        String text = Files.readString(path);
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        return rows;
    }
}
