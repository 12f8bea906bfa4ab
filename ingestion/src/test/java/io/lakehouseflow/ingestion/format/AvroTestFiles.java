package io.lakehouseflow.ingestion.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Real Avro container files for tests, written with Avro's own writer (snappy blocks), landed under
 * a hidden name and renamed once closed, settled an hour ago so a run reads them whole.
 */
public final class AvroTestFiles {
  private AvroTestFiles() {}

  /**
   * Writes {@code rows} (each filling one record of {@code schema}, an Avro schema in JSON) into
   * {@code file}, {@code rowsPerBlock} records per block.
   */
  public static Path write(
      Path file, String schema, int rowsPerBlock, List<Consumer<GenericRecord>> rows)
      throws IOException {
    Schema type = new Schema.Parser().parse(schema);
    Files.createDirectories(file.getParent());
    Path hidden = file.resolveSibling("." + file.getFileName() + ".inprogress");
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(type))) {
      writer.setCodec(CodecFactory.snappyCodec());
      writer.create(type, hidden.toFile());
      int written = 0;
      for (Consumer<GenericRecord> row : rows) {
        GenericRecord record = new GenericData.Record(type);
        row.accept(record);
        writer.append(record);
        if (++written % rowsPerBlock == 0) {
          // Ends the block here: each block holds rowsPerBlock records.
          writer.sync();
        }
      }
    }
    Files.setLastModifiedTime(hidden, FileTime.from(Instant.now().minusSeconds(3600)));
    Files.move(hidden, file);
    return file;
  }
}
