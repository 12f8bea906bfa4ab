package io.lakehouseflow.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.layer.LayerColumn;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.spec.CatalogSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableContentsTest {
  private static final TableIdentifier ORDERS = TableNames.silver("orders");
  private static final LayerSchema LAYOUT =
      LayerSchema.of(
          ORDERS,
          List.of(
              LayerColumn.key("order_id", Types.LongType.get()),
              LayerColumn.data("status", Types.StringType.get()),
              LayerColumn.data("line", Types.LongType.get())));
  private static final Schema SCHEMA = LAYOUT.icebergSchema();

  @TempDir Path dataDir;
  private LakehouseCatalog catalog;
  private Table table;

  @BeforeEach
  void createTable() {
    catalog = LakehouseCatalog.of(CatalogSpec.DEFAULT, new DataLayout(dataDir));
    table = catalog.createTableIfAbsent(LAYOUT, Map.of());
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  @Test
  void readsLiveRowsSortedByEveryColumnWithDeletesApplied() throws IOException {
    append(row(10, "OPEN", 2), row(2, null, 10), row(2, "PAID", 9));
    long first = table.currentSnapshot().snapshotId();
    deleteOrder(10);

    TableContents contents = TableContents.of(catalog, ORDERS);

    assertThat(contents.values())
        .containsExactly(Arrays.asList(2L, null, 10L), Arrays.asList(2L, "PAID", 9L));
    assertThat(contents.lines("status", "order_id")).containsExactly("null|2", "PAID|2");
    assertThat(contents.maps())
        .first()
        .satisfies(m -> assertThat(m).containsOnlyKeys("order_id", "status", "line"));
    assertThat(contents.size()).isEqualTo(2);
    assertThat(contents.sortedBy("line").lines("line")).containsExactly("9", "10");
    assertThat(contents.atSnapshot(first).lines("order_id", "line"))
        .containsExactly("2|10", "2|9", "10|2");
    assertThat(contents.snapshots())
        .extracting(Snapshot::operation)
        .containsExactly("append", "delete");
    assertThat(contents.snapshots().get(0).snapshotId()).isEqualTo(first);
    assertThat(contents.currentSnapshot()).contains(contents.snapshots().get(1));
  }

  @Test
  void namesTheTableWhenASnapshotOrColumnDoesNotExist() throws IOException {
    append(row(1, "OPEN", 1));
    TableContents contents = TableContents.of(table);

    assertThatThrownBy(() -> contents.atSnapshot(42))
        .hasMessageContaining("Cannot read snapshot 42 of ")
        .hasMessageContaining("silver.orders: it is not one of its snapshots [");
    assertThatThrownBy(() -> contents.sortedBy("amount"))
        .hasMessageContaining("silver.orders by 'amount': no such column")
        .hasMessageContaining("(columns: [order_id, status, line])");
  }

  @Test
  void emptyTableHasNoRowsAndNoSnapshot() {
    TableContents contents = TableContents.of(catalog, ORDERS);

    assertThat(contents.records()).isEmpty();
    assertThat(contents.snapshots()).isEmpty();
    assertThat(contents.currentSnapshot()).isEmpty();
  }

  private static Record row(long orderId, String status, long line) {
    GenericRecord r = GenericRecord.create(SCHEMA);
    r.setField("order_id", orderId);
    r.setField("status", status);
    r.setField("line", line);
    return r;
  }

  private EncryptedOutputFile newFile() {
    String location = table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
    return EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(location));
  }

  private void append(Record... rows) throws IOException {
    DataWriter<Record> writer =
        new GenericAppenderFactory(SCHEMA).newDataWriter(newFile(), FileFormat.PARQUET, null);
    try (writer) {
      for (Record r : rows) {
        writer.write(r);
      }
    }
    table.newAppend().appendFile(writer.toDataFile()).commit();
  }

  private void deleteOrder(long orderId) throws IOException {
    Schema key = SCHEMA.select("order_id");
    EqualityDeleteWriter<Record> writer =
        new GenericAppenderFactory(SCHEMA, PartitionSpec.unpartitioned(), new int[] {1}, key, null)
            .newEqDeleteWriter(newFile(), FileFormat.PARQUET, null);
    try (writer) {
      GenericRecord deleted = GenericRecord.create(key);
      deleted.setField("order_id", orderId);
      writer.write(deleted);
    }
    DeleteFile file = writer.toDeleteFile();
    table.newRowDelta().addDeletes(file).commit();
  }
}
