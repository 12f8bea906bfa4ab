package io.lakehouseflow.deploy.lineage;

import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.ExpectationSpec;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.core.spec.ModelSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.ScdType;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.core.spec.TableDoc;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What each table holds, in words: derived from the spec's declarations (what they mean for the
 * table), after the owner's own description where the spec's {@code docs:} section (or a model's
 * YAML) gives one.
 */
final class TableDescriptions {
  private TableDescriptions() {}

  /** {@code node} with the spec's description of its table put before the derived one. */
  static LineageNode documented(PipelineSpec spec, LineageNode node) {
    return spec.doc(node.id())
        .map(TableDoc::description)
        .filter(d -> !d.isBlank())
        .map(
            d ->
                new LineageNode(node.id(), node.kind(), node.label(), d + " " + node.description()))
        .orElse(node);
  }

  static String landing(PipelineSpec spec, SourceSpec source) {
    return source.format().name().toLowerCase(Locale.ROOT)
        + " files under "
        + spec.landing()
        + "/"
        + source.path()
        + "/, appended as they are to bronze."
        + source.name()
        + (source.infersColumns() ? "; the columns are read from the first file." : ".");
  }

  static String bronze(PipelineSpec spec, SourceSpec source) {
    String text =
        "Every record of "
            + spec.landing()
            + "/"
            + source.path()
            + "/ as it was written, append-only, with the file and line it came from. A record"
            + " that does not parse is kept with its raw text (_corrupt_record) and why"
            + " (_parse_error).";
    if (source.changeOperation().isPresent()) {
      text +=
          " A change-data-capture feed: column "
              + source.changeOperation().get().column()
              + " holds each record's operation.";
    }
    return text;
  }

  static String silver(PipelineSpec spec, SilverTableSpec table) {
    List<String> rules = new ArrayList<>();
    if (!table.renames().isEmpty()) {
      rules.add("renames " + table.renames());
    }
    if (!table.standardize().isEmpty()) {
      rules.add("standardizes " + table.standardize().keySet());
    }
    if (!table.casts().isEmpty()) {
      rules.add("casts " + table.casts());
    }
    if (!table.defaults().isEmpty()) {
      rules.add("defaults " + table.defaults());
    }
    if (!table.derived().isEmpty()) {
      rules.add(
          "derives " + table.derived().stream().map(d -> d.name()).collect(Collectors.toList()));
    }
    if (!table.dropped().isEmpty()) {
      rules.add("drops " + table.dropped());
    }
    if (!table.hashed().isEmpty()) {
      rules.add("hashes " + table.hashed());
    }
    String text =
        "The cleaned records of bronze."
            + table.source()
            + (rules.isEmpty() ? "" : ": " + String.join("; ", rules))
            + ".";
    if (!table.expectations().isEmpty()) {
      text +=
          " Expectations: "
              + table.expectations().stream()
                  .map(TableDescriptions::expectation)
                  .collect(Collectors.joining(", "))
              + ".";
    }
    if (table.deduplication().isPresent()) {
      text +=
          " Exact copies of a row ingested within "
              + table.deduplication().get()
              + " of it are dropped as duplicates.";
    }
    return text + " Append-only: one row per change.";
  }

  static String quarantine(SilverTableSpec table) {
    return "The records of bronze."
        + table.source()
        + " that silver."
        + table.name()
        + " rejected: those failing a quarantine rule (named in _failed_expectations) and those"
        + " that did not parse.";
  }

  static String qualityMetrics() {
    return "Per silver table and commit, where the bronze rows read went (passed, warned, dropped,"
        + " quarantined, duplicates), and one row per rule with the rows that failed it.";
  }

  static String dimension(DimensionSpec dimension) {
    String history =
        dimension.scd() == ScdType.TYPE_2
            ? "SCD type 2: one version per change"
                + (dimension.tracked().isEmpty() ? "" : " of " + dimension.tracked())
                + ", valid from valid_from to valid_to"
            : "SCD type 1: one row per key, overwritten by its latest change";
    return "Dimension of silver."
        + dimension.source()
        + " keyed by "
        + dimension.key()
        + ", "
        + history
        + ", ordered by "
        + dimension.sequenceBy()
        + ". Surrogate key "
        + dimension.surrogateKey()
        + ".";
  }

  static String dates(Collection<FactSpec> facts) {
    return "One row per calendar day an event of "
        + facts.stream().map(f -> "gold.fact_" + f.name()).collect(Collectors.joining(", "))
        + " falls on, keyed by date_sk (yyyymmdd).";
  }

  static String fact(FactSpec fact) {
    return "One row per "
        + fact.grain()
        + " of silver."
        + fact.source()
        + ", with the surrogate keys of "
        + fact.dimensions().stream()
            .map(r -> r.dimension() + (r.role().equals(r.dimension()) ? "" : " as " + r.role()))
            .collect(Collectors.joining(", "))
        + (fact.dimensions().isEmpty() ? "" : " and ")
        + "the date valid at "
        + fact.eventTime()
        + (fact.measures().isEmpty() ? "." : "; measures " + fact.measures() + ".");
  }

  static String model(ModelSpec model) {
    String how =
        "SQL model "
            + model.file()
            + (model.materialized().hasTable()
                ? ", kept as a table by " + model.uniqueKey()
                : ", a view other models read (no table)")
            + ", computed by the gold job from the changes of "
            + java.util.stream.Stream.concat(
                    model.silverReads().stream().map(r -> "silver." + r),
                    model.references().stream().map(r -> "gold." + r))
                .collect(Collectors.joining(", "))
            + ".";
    return model.description().isEmpty() ? how : model.description() + " " + how;
  }

  static String testResults() {
    return "One row per data test per `lakehouse test` run: its status, failing rows and a sample.";
  }

  private static String expectation(ExpectationSpec e) {
    return e.name() + " (" + e.action().name().toLowerCase(Locale.ROOT) + ")";
  }
}
