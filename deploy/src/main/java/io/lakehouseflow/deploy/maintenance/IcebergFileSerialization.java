package io.lakehouseflow.deploy.maintenance;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;

/**
 * Java serialization for the collections inside Iceberg's file groups when Flink's Kryo ships them.
 * Iceberg's compaction sends its planned groups (file scan tasks, with their data and delete files)
 * from planner to rewriters, and the rewritten groups (file sets) on to the committer, as Kryo
 * generic types; Flink 2's Kryo 5 instantiates Iceberg's {@code SerializableMap} and {@code
 * WrapperSet} without their constructors and fails with a NullPointerException ("copiedMap is
 * null", "this.set is null") on the first group of a gold table. Default serializers apply to
 * subclasses ({@code DataFileSet}, {@code DeleteFileSet}), and all of these support Java
 * serialization. Entries set by the user are kept.
 */
final class IcebergFileSerialization {
  private static final List<String> CLASSES =
      List.of(
          "org.apache.iceberg.util.SerializableMap",
          "org.apache.iceberg.SerializableByteBufferMap",
          "org.apache.iceberg.util.WrapperSet");

  private IcebergFileSerialization() {}

  /** {@code conf} with the serializer entries added that it does not configure yet. */
  static Configuration configure(Configuration conf) {
    List<String> entries =
        new ArrayList<>(conf.getOptional(PipelineOptions.SERIALIZATION_CONFIG).orElse(List.of()));
    for (String type : CLASSES) {
      if (entries.stream().noneMatch(e -> e.startsWith(type + ":"))) {
        entries.add(
            type
                + ": {type: kryo, kryo-type: default, class:"
                + " com.esotericsoftware.kryo.serializers.JavaSerializer}");
      }
    }
    conf.set(PipelineOptions.SERIALIZATION_CONFIG, entries);
    return conf;
  }
}
