package io.lakehouseflow.transforms.expectation;

import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.SilverTableSpec;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The three tables one silver table's flow touches: the bronze table it reads, and the silver and
 * quarantine tables it writes, each in its declared layout.
 */
public record SilverLayout(LayerSchema bronze, LayerSchema silver, LayerSchema quarantine)
    implements Serializable {

  public SilverLayout {
    Objects.requireNonNull(bronze, "bronze");
    Objects.requireNonNull(silver, "silver");
    Objects.requireNonNull(quarantine, "quarantine");
  }

  /** The layouts {@link LayerSchemas} declares for silver table {@code table} of {@code spec}. */
  public static SilverLayout of(PipelineSpec spec, SilverTableSpec table) {
    return new SilverLayout(
        LayerSchemas.bronze(spec.sourceOf(table)),
        LayerSchemas.silver(spec, table.name()),
        LayerSchemas.quarantine(spec, table.name()));
  }

  /**
   * The bronze metadata columns that the silver or the quarantine table keeps, in bronze order: the
   * lineage a silver row carries from bronze.
   */
  public List<String> carriedColumns() {
    return LayerSchemas.carried(bronze, silver, quarantine);
  }
}
