package io.lakehouseflow.core.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The shared MiniCluster of integration tests: register as {@code @RegisterExtension static final
 * MiniClusterExtension FLINK = LakehouseMiniCluster.extension();}. Jobs built with {@code
 * JobEnvironment.create} then run on it.
 */
public final class LakehouseMiniCluster {
  public static final int SLOTS = 8;

  private LakehouseMiniCluster() {}

  public static MiniClusterExtension extension() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(SLOTS)
            .build());
  }
}
