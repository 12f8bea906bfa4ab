package io.lakehouseflow.ingestion.discovery;

import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.Path;

/**
 * Checks that the landing directories a spec names exist before a run. Bronze does not create them,
 * so a misspelled {@code landing:} or {@code path:} is reported, not mistaken for a source without
 * files; a source whose directory is missing reads nothing (continuous runs start reading once it
 * appears).
 */
public final class LandingDirectories {
  private LandingDirectories() {}

  /**
   * The landing directories of {@code run} that do not exist: the landing root alone when it is
   * missing (naming every source), else each missing source directory.
   */
  public static List<Missing> missing(PipelineRun run) {
    PipelineSpec spec = run.spec();
    String root = run.layout().location(spec.landing());
    try {
      if (!exists(root)) {
        List<String> sources = List.copyOf(spec.sources().keySet());
        return sources.isEmpty() ? List.of() : List.of(new Missing(spec, root, null, sources));
      }
      List<Missing> missing = new ArrayList<>();
      for (SourceSpec source : spec.sources().values()) {
        String directory = run.landingLocation(source.name());
        if (!exists(directory)) {
          missing.add(new Missing(spec, directory, source, List.of(source.name())));
        }
      }
      return List.copyOf(missing);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to check the landing directories under "
              + root
              + " of pipeline spec "
              + spec.location()
              + ". Check that the landing root is reachable and readable.",
          e);
    }
  }

  private static boolean exists(String location) throws IOException {
    Path path = new Path(location);
    return path.getFileSystem().exists(path);
  }

  /**
   * A missing landing directory.
   *
   * @param location the directory as resolved for this run
   * @param source the source whose directory it is, or null for the landing root
   * @param sources the sources that read nothing because of it
   */
  public record Missing(
      PipelineSpec spec, String location, SourceSpec source, List<String> sources) {
    /**
     * What is missing, what follows and what to check, in one sentence each: {@code landing
     * directory /d/landing/bokings of source 'bookings' does not exist, so ...}.
     */
    public String describe() {
      if (source == null) {
        return "landing root "
            + location
            + " does not exist, so "
            + (sources.size() == 1 ? "source " : "sources ")
            + quoted(sources)
            + " read nothing. Check 'landing: "
            + spec.landing()
            + "' in "
            + spec.location()
            + " (a relative path is resolved against the data directory), or create the"
            + " directory.";
      }
      return "landing directory "
          + location
          + " of source '"
          + source.name()
          + "' does not exist, so the source reads nothing. Check 'path: "
          + source.path()
          + "' under sources."
          + source.name()
          + " (default: the source name) and 'landing: "
          + spec.landing()
          + "' in "
          + spec.location()
          + ", or create the directory.";
    }

    private static String quoted(List<String> names) {
      return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }
  }
}
