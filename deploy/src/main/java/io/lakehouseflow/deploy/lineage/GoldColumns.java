package io.lakehouseflow.deploy.lineage;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.DimensionReference;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.ScdType;
import java.util.ArrayList;
import java.util.List;

/** Which silver (and dimension) columns each column of a gold dimension or fact comes from. */
final class GoldColumns {
  private GoldColumns() {}

  static List<ColumnLineage> dimension(String silver, String gold, DimensionSpec dimension) {
    List<ColumnLineage> out = new ArrayList<>();
    String versions =
        dimension.scd() == ScdType.TYPE_2
            ? "surrogate key: one per version of " + dimension.key()
            : "surrogate key: one per " + dimension.key();
    dimension
        .key()
        .forEach(
            k -> out.add(new ColumnLineage(silver, k, gold, dimension.surrogateKey(), versions)));
    dimension.key().forEach(k -> out.add(copied(silver, gold, k, "natural key")));
    dimension.attributes().forEach(a -> out.add(copied(silver, gold, a, attribute(dimension, a))));
    String sequence = dimension.sequenceBy();
    if (dimension.scd() == ScdType.TYPE_2) {
      out.add(
          new ColumnLineage(
              silver,
              sequence,
              gold,
              MetadataColumns.VALID_FROM,
              "the change that opened the version"));
      out.add(
          new ColumnLineage(
              silver,
              sequence,
              gold,
              MetadataColumns.VALID_TO,
              "the next version's " + MetadataColumns.VALID_FROM));
    } else {
      out.add(copied(silver, gold, sequence, "of the latest change"));
    }
    return out;
  }

  static List<ColumnLineage> fact(PipelineSpec spec, String silver, String gold, FactSpec fact) {
    List<ColumnLineage> out = new ArrayList<>();
    fact.grain().forEach(g -> out.add(copied(silver, gold, g, "grain")));
    for (DimensionReference reference : fact.dimensions()) {
      DimensionSpec dimension = spec.dimension(reference.dimension());
      String table = TableNames.dimension(dimension.name()).toString();
      String at = "the version valid at " + fact.eventTime();
      out.add(
          new ColumnLineage(
              table,
              dimension.surrogateKey(),
              gold,
              reference.surrogateKey(),
              at + "; -1 when none"));
      reference
          .columns()
          .forEach(
              c ->
                  out.add(
                      new ColumnLineage(
                          silver, c, gold, reference.surrogateKey(), "looked up in " + table)));
    }
    out.add(
        new ColumnLineage(
            silver, fact.eventTime(), gold, MetadataColumns.DATE_SK, "event date as yyyymmdd"));
    String dates = TableNames.dimension(LayerSchemas.DATE_DIMENSION).toString();
    out.add(
        new ColumnLineage(
            dates, MetadataColumns.DATE_SK, gold, MetadataColumns.DATE_SK, "references"));
    String sequence =
        fact.sequence().map(s -> "of the copy with the greatest " + s).orElse("of the last copy");
    LayerSchemas.factDataColumns(fact).forEach(c -> out.add(copied(silver, gold, c, sequence)));
    return out;
  }

  private static String attribute(DimensionSpec dimension, String attribute) {
    if (dimension.scd() == ScdType.TYPE_1) {
      return "of the latest change";
    }
    return dimension.tracked().contains(attribute)
        ? "tracked: a change starts a new version"
        : "not tracked: a change updates the version";
  }

  private static ColumnLineage copied(String silver, String gold, String column, String note) {
    return new ColumnLineage(silver, column, gold, column, "copied, " + note);
  }
}
