package io.lakehouseflow.modeling.sql;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A gold table's definition: identifier, Iceberg schema and primary key. Gold tables are format v2
 * with the primary key as identifier fields and upserts on, so streaming retractions become
 * equality deletes.
 */
public record GoldTable(TableIdentifier id, Schema schema, List<String> primaryKey) {

  /** Table properties of every gold table (format v2 is the catalog's default for all tables). */
  public static final Map<String, String> PROPERTIES =
      Map.of(TableProperties.UPSERT_ENABLED, "true");

  public GoldTable {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(schema, "schema");
    primaryKey = List.copyOf(primaryKey);
  }

  public static Builder builder(TableIdentifier id) {
    return new Builder(id);
  }

  /** The column names, in order. */
  public List<String> columnNames() {
    return schema.columns().stream().map(Types.NestedField::name).toList();
  }

  /** Creates the table unless it exists; an existing table is left as is. */
  public void createIfAbsent(LakehouseCatalog catalog) {
    catalog.createTableIfAbsent(id, schema, new LinkedHashSet<>(primaryKey), PROPERTIES);
  }

  /** Collects columns in order; primary-key columns are required, the others optional. */
  public static final class Builder {
    private final TableIdentifier id;
    private final List<Types.NestedField> fields = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();
    private final List<String> primaryKey = new ArrayList<>();

    private Builder(TableIdentifier id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    /** Adds a primary-key column (required). */
    public Builder keyColumn(String name, Type type) {
      primaryKey.add(name);
      return add(Types.NestedField.required(fields.size() + 1, name, type));
    }

    /** Adds a non-key column that may hold NULL. */
    public Builder column(String name, Type type) {
      return add(Types.NestedField.optional(fields.size() + 1, name, type));
    }

    private Builder add(Types.NestedField field) {
      if (!names.add(field.name())) {
        throw new IllegalArgumentException(
            "Invalid gold table "
                + id
                + ": column '"
                + field.name()
                + "' appears twice (columns: "
                + names
                + "). Rename the silver column or remove it from the dimension or fact attributes.");
      }
      fields.add(field);
      return this;
    }

    public GoldTable build() {
      if (primaryKey.isEmpty()) {
        throw new IllegalStateException("Invalid gold table " + id + ": no primary-key column");
      }
      return new GoldTable(id, new Schema(fields), primaryKey);
    }
  }
}
