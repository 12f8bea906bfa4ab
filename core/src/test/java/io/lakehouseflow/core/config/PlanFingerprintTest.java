package io.lakehouseflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class PlanFingerprintTest {
  private static final TableIdentifier CUSTOMERS = TableIdentifier.of("silver", "customers");

  private static PlanFingerprint sql(String... statements) {
    PlanFingerprint.Builder plan = PlanFingerprint.builder();
    for (String statement : statements) {
      plan.sql(statement);
    }
    return plan.build();
  }

  private static PlanFingerprint table(Schema schema, List<String> primaryKey) {
    return PlanFingerprint.builder().table(CUSTOMERS, schema, primaryKey).build();
  }

  @Test
  void isTwelveHexDigitsAndTheSameForTheSamePlan() {
    PlanFingerprint plan = sql("SELECT 1");

    assertThat(plan.hex()).matches("[0-9a-f]{12}");
    assertThat(sql("SELECT 1")).isEqualTo(plan).hasSameHashCodeAs(plan);
    assertThat(sql("SELECT 2")).isNotEqualTo(plan);
    assertThat(sql("SELECT 1", "SELECT 2")).isNotEqualTo(sql("SELECT 2", "SELECT 1"));
  }

  @Test
  void optionHintsCountByTheirKeysNotTheirValues() {
    String scan =
        "SELECT * FROM `silver`.`customers` /*+ OPTIONS('streaming'='true',"
            + " 'monitor-interval'='%s') */";

    assertThat(sql(scan.formatted("500ms"))).isEqualTo(sql(scan.formatted("5000ms")));
    assertThat(
            sql(
                "SELECT * FROM `silver`.`customers` /*+ OPTIONS('streaming'='true',"
                    + " 'monitor-interval'='500ms', 'split-size'='1') */"))
        .isNotEqualTo(sql(scan.formatted("500ms")));
    // Other hints shape operators and state: they count whole.
    assertThat(sql("SELECT /*+ STATE_TTL('c'='1d') */ * FROM c"))
        .isNotEqualTo(sql("SELECT /*+ STATE_TTL('c'='2d') */ * FROM c"));
  }

  @Test
  void leavesOutOptionValuesOnlyInsideHints() {
    assertThat(
            PlanFingerprint.withoutOptionValues(
                "SELECT * FROM t /*+ OPTIONS('a'='x', 'b' = 'it''s */ here') */ WHERE c = 'd'"))
        .isEqualTo("SELECT * FROM t /*+ OPTIONS('a', 'b') */ WHERE c = 'd'");
  }

  @Test
  void operatorsCountByUidAndInputType() {
    RowType ids = RowType.of(new BigIntType());
    PlanFingerprint plan =
        PlanFingerprint.builder().operator("silver-bookings-router", ids).build();

    assertThat(PlanFingerprint.builder().operator("silver-bookings-router", ids).build())
        .isEqualTo(plan);
    assertThat(PlanFingerprint.builder().operator("silver-flights-router", ids).build())
        .isNotEqualTo(plan);
    assertThat(
            PlanFingerprint.builder()
                .operator("silver-bookings-router", RowType.of(new IntType()))
                .build())
        .isNotEqualTo(plan);
  }

  @Test
  void tablesCountByColumnTypesAndPrimaryKeyNotDescriptions() {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "customer_id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()));
    Schema described =
        new Schema(
            Types.NestedField.required(1, "customer_id", Types.LongType.get(), "the key"),
            Types.NestedField.optional(2, "name", Types.StringType.get(), "as written"));
    Schema widened =
        new Schema(
            Types.NestedField.required(1, "customer_id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()),
            Types.NestedField.optional(3, "tier", Types.StringType.get()));

    PlanFingerprint plan = table(schema, List.of("customer_id"));
    assertThat(table(described, List.of("customer_id"))).isEqualTo(plan);
    assertThat(table(widened, List.of("customer_id"))).isNotEqualTo(plan);
    assertThat(table(schema, List.of())).isNotEqualTo(plan);
  }
}
