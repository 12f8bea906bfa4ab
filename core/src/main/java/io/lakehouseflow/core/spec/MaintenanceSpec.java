package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * The spec's {@code maintenance:} section: one {@link MaintenancePolicy} per layer, each defaulting
 * to {@link MaintenancePolicy#APPEND_ONLY_DEFAULT} (bronze, silver) or {@link
 * MaintenancePolicy#UPSERT_DEFAULT} (gold) key by key.
 */
public record MaintenanceSpec(
    MaintenancePolicy bronze, MaintenancePolicy silver, MaintenancePolicy gold)
    implements Serializable {

  /** The policies of a spec without a {@code maintenance:} section. */
  public static final MaintenanceSpec DEFAULT =
      new MaintenanceSpec(
          MaintenancePolicy.APPEND_ONLY_DEFAULT,
          MaintenancePolicy.APPEND_ONLY_DEFAULT,
          MaintenancePolicy.UPSERT_DEFAULT);

  public MaintenanceSpec {
    Objects.requireNonNull(bronze, "bronze");
    Objects.requireNonNull(silver, "silver");
    Objects.requireNonNull(gold, "gold");
  }

  /** The policy of the layer a table of namespace {@code layer} belongs to. */
  public MaintenancePolicy forLayer(String layer) {
    return switch (layer) {
      case "bronze" -> bronze;
      case "silver" -> silver;
      case "gold" -> gold;
      default ->
          throw new IllegalArgumentException(
              "Cannot find a maintenance policy for layer '"
                  + layer
                  + "' (layers: bronze, silver, gold). Name a table as layer.name, such as"
                  + " gold.fact_booking.");
    };
  }
}
