package io.lakehouseflow.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.InvalidSpecException;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.spec.SourceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every layer reads a source with the columns its bronze table holds: a spec that infers a source's
 * columns is checked again once bronze knows them, with the spec's own positions.
 */
class BronzeColumnsTest {
  private static final String SPEC =
      """
      name: inferred
      sources:
        trips:
          schema_hints: {fare: "decimal(10,2)"}
        drivers:
          columns: {driver_id: bigint}
      silver:
        trips:
          source: trips
          renames: {city: town}
          casts: {trip_id: bigint}
        drivers: {source: drivers}
      facts:
        trip:
          source: trips
          grain: [trip_id]
          event_time: started_at
          measures: [fare]
      """;

  @TempDir Path dataDir;

  @Test
  void inferredColumnsAreReadFromTheBronzeTableAndTheirReferencesChecked() {
    PipelineSpec spec = PipelineSpecLoader.parse(SPEC, "inferred.yaml");
    assertThat(spec.source("trips").infersColumns()).isTrue();
    assertThat(spec.source("trips").columns()).isEmpty();
    assertThat(spec.source("trips").addedType("FARE")).isEqualTo(ColumnType.decimal(10, 2));
    assertThat(spec.source("trips").addedType("city")).isEqualTo(ColumnType.STRING);

    try (LakehouseCatalog catalog = LakehouseCatalog.of(spec.catalog(), new DataLayout(dataDir))) {
      assertThat(BronzeColumns.resolve(spec, catalog)).isSameAs(spec);
      createBronze(
          catalog,
          spec.source("trips"),
          List.of(
              new ColumnSpec("trip_id", ColumnType.STRING),
              new ColumnSpec("city", ColumnType.STRING),
              new ColumnSpec("started_at", ColumnType.TIMESTAMP),
              new ColumnSpec("fare", ColumnType.decimal(10, 2))));
      createBronze(
          catalog, spec.source("drivers"), List.of(new ColumnSpec("phone", ColumnType.STRING)));

      PipelineSpec resolved = BronzeColumns.resolve(spec, catalog);

      assertThat(resolved.silverColumns("trips"))
          .containsExactly(
              new ColumnSpec("trip_id", ColumnType.BIGINT),
              new ColumnSpec("town", ColumnType.STRING),
              new ColumnSpec("started_at", ColumnType.TIMESTAMP),
              new ColumnSpec("fare", ColumnType.decimal(10, 2)));
      assertThat(resolved.source("trips").infersColumns()).isTrue();
      assertThat(resolved.source("drivers").declaredColumns())
          .containsExactly(new ColumnSpec("driver_id", ColumnType.BIGINT));
      assertThat(resolved.source("drivers").addedColumns())
          .containsExactly(new ColumnSpec("phone", ColumnType.STRING));
    }
  }

  @Test
  void aReferenceToAColumnTheFilesNeverNamedFailsWithItsPosition() {
    PipelineSpec spec = PipelineSpecLoader.parse(SPEC, "inferred.yaml");
    try (LakehouseCatalog catalog = LakehouseCatalog.of(spec.catalog(), new DataLayout(dataDir))) {
      createBronze(
          catalog,
          spec.source("trips"),
          List.of(
              new ColumnSpec("trip_id", ColumnType.STRING),
              new ColumnSpec("city", ColumnType.STRING),
              new ColumnSpec("fare", ColumnType.decimal(10, 2))));

      assertThatThrownBy(() -> BronzeColumns.resolve(spec, catalog))
          .isInstanceOf(InvalidSpecException.class)
          .hasMessageContaining(
              "inferred.yaml:17:17 at facts.trip.event_time: column 'started_at' not found in"
                  + " silver.trips (columns: trip_id, town, fare).");
    }
  }

  private static void createBronze(
      LakehouseCatalog catalog, SourceSpec source, List<ColumnSpec> added) {
    catalog.createOrExtendTable(LayerSchemas.bronze(source.withAddedColumns(added)), Map.of());
  }
}
