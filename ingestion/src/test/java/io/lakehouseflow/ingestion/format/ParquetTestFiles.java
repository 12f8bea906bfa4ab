package io.lakehouseflow.ingestion.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Real Parquet files for tests, written with parquet-hadoop's example writer (snappy pages), landed
 * under a hidden name and renamed once closed, settled an hour ago so a run reads them whole.
 */
public final class ParquetTestFiles {
  private ParquetTestFiles() {}

  /**
   * Writes {@code rows} (each filling one row of {@code schema}, a Parquet message type in its text
   * form) into {@code file}, {@code rowsPerGroup} rows per row group.
   */
  public static Path write(Path file, String schema, int rowsPerGroup, List<Consumer<Group>> rows)
      throws IOException {
    MessageType type = MessageTypeParser.parseMessageType(schema);
    Files.createDirectories(file.getParent());
    Path hidden = file.resolveSibling("." + file.getFileName() + ".inprogress");
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    // A row group of one byte is full at every size check, and the check runs every
    // rowsPerGroup rows: so each row group holds rowsPerGroup rows.
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(hidden))
            .withType(type)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withRowGroupSize(1L)
            .withMinRowCountForPageSizeCheck(rowsPerGroup)
            .withMaxRowCountForPageSizeCheck(rowsPerGroup)
            .build()) {
      for (Consumer<Group> row : rows) {
        Group group = groups.newGroup();
        row.accept(group);
        writer.write(group);
      }
    }
    Files.setLastModifiedTime(hidden, FileTime.from(Instant.now().minusSeconds(3600)));
    Files.move(hidden, file);
    return file;
  }
}
