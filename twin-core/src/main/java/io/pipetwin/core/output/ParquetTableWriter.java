package io.pipetwin.core.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Streams rows into one Parquet file (Snappy compression) through parquet-avro, on the local file system
 * without a Hadoop installation. Columns are typed: text (nullable string), number (nullable double; NaN
 * and infinities are written as null, as the CSV writes them as empty cells) and integer (long). Cells are
 * appended in column order and {@link #endRow()} writes the row; the writer buffers one row group in memory.
 */
public final class ParquetTableWriter implements Closeable {

    /** Type of a column. */
    public enum ColumnType {
        TEXT,
        NUMBER,
        INTEGER
    }

    /** One column: its name and type. */
    public record Column(String name, ColumnType type) {
    }

    private final Path path;
    private final Schema schema;
    private final Column[] columns;
    private final ParquetWriter<GenericRecord> writer;
    private final GenericData.Record row;
    private int columnInRow;
    private boolean closed;

    /** Creates (or replaces) the file at {@code path}; {@code recordName} names the Avro record of a row. */
    public ParquetTableWriter(Path path, String recordName, Column... columns) throws IOException {
        this.path = path;
        this.columns = columns.clone();
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(recordName)
                .namespace("io.pipetwin.output").fields();
        for (Column column : columns) {
            fields = switch (column.type()) {
                case TEXT -> fields.optionalString(column.name());
                case NUMBER -> fields.optionalDouble(column.name());
                case INTEGER -> fields.requiredLong(column.name());
            };
        }
        this.schema = fields.endRecord();
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(path))
                .withSchema(schema)
                .withDataModel(GenericData.get())
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
        this.row = new GenericData.Record(schema);
    }

    public Path path() {
        return path;
    }

    /** Returns the Avro schema of a row. */
    public Schema schema() {
        return schema;
    }

    /** Appends a text cell; null is written as null. */
    public ParquetTableWriter text(String value) {
        return cell(ColumnType.TEXT, value);
    }

    /** Appends a number cell; NaN and infinities are written as null. */
    public ParquetTableWriter number(double value) {
        return cell(ColumnType.NUMBER, Double.isFinite(value) ? value : null);
    }

    /** Appends an integer cell. */
    public ParquetTableWriter integer(long value) {
        return cell(ColumnType.INTEGER, value);
    }

    private ParquetTableWriter cell(ColumnType type, Object value) {
        if (columnInRow >= columns.length || columns[columnInRow].type() != type) {
            throw new IllegalStateException("cell " + columnInRow + " of a row in " + path + " is " + type
                    + " but the column is " + (columnInRow < columns.length ? columns[columnInRow] : "missing"));
        }
        row.put(columnInRow++, value);
        return this;
    }

    /** Writes the current row; throws when it has fewer cells than columns. */
    public void endRow() {
        if (columnInRow != columns.length) {
            throw new IllegalStateException("Parquet row in " + path + " has " + columnInRow + " cells, the table has "
                    + columns.length + " columns");
        }
        try {
            writer.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        // Every cell is set again before the next write, so the record is reused.
        columnInRow = 0;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            writer.close();
        }
    }
}
