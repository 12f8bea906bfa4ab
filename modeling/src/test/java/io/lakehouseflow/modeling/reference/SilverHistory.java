package io.lakehouseflow.modeling.reference;

import io.lakehouseflow.core.spec.DeletePolicy;
import io.lakehouseflow.core.spec.PipelineSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A generated silver input of {@link SilverHistories#SPEC}: the landing files of every silver table
 * in the order they arrive, cut into batches (each a run of the gold job, or a stretch of a
 * continuous one).
 *
 * @param merchantDeletes the {@code on_delete} of the SCD1 dimension {@code merchant}
 * @param batches the landing files in arrival order, which is not their landing order
 */
public record SilverHistory(DeletePolicy merchantDeletes, List<List<LandingFile>> batches) {
  public SilverHistory {
    batches = batches.stream().map(List::copyOf).toList();
  }

  /** The spec variant this input is for. */
  public PipelineSpec spec() {
    return SilverHistories.spec(merchantDeletes);
  }

  /**
   * Every silver row of the first {@code batchCount} batches, per silver table, for {@link
   * GoldReference}; {@code sourceFile} names a landing file's {@code _source_file} from its table
   * and file name, as the tables were written.
   */
  public Map<String, List<SilverRow>> silverRows(
      int batchCount, BiFunction<String, String, String> sourceFile) {
    Map<String, List<SilverRow>> rows = new LinkedHashMap<>();
    for (List<LandingFile> batch : batches.subList(0, batchCount)) {
      for (LandingFile file : batch) {
        List<SilverRow> table = rows.computeIfAbsent(file.table(), t -> new ArrayList<>());
        for (int i = 0; i < file.rows().size(); i++) {
          table.add(
              new SilverRow(
                  file.rows().get(i), sourceFile.apply(file.table(), file.name()), i + 1));
        }
      }
    }
    return rows;
  }

  /** The number of silver rows in all batches. */
  public int rowCount() {
    return batches.stream().flatMap(List::stream).mapToInt(f -> f.rows().size()).sum();
  }

  @Override
  public String toString() {
    StringBuilder out =
        new StringBuilder("SilverHistory[merchant on_delete: " + merchantDeletes + ", ")
            .append(rowCount())
            .append(" rows]");
    for (int i = 0; i < batches.size(); i++) {
      out.append("\n  batch ").append(i + 1).append(" of ").append(batches.size()).append(':');
      batches.get(i).forEach(f -> out.append("\n  ").append(f));
    }
    return out.toString();
  }
}
