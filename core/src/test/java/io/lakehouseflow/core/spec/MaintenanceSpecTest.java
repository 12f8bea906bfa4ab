package io.lakehouseflow.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The spec's {@code maintenance:} section: defaults key by key, and mistakes at their place. */
class MaintenanceSpecTest {
  private static final String MINI =
      """
      name: mini
      sources:
        orders:
          columns:
            order_id: bigint
      silver:
        orders: {source: orders}
      """;

  @Test
  void aSpecWithoutTheSectionGetsTheDefaults() {
    assertThat(parse(MINI).maintenance()).isEqualTo(MaintenanceSpec.DEFAULT);
    assertThat(MaintenanceSpec.DEFAULT.gold().rewriteAfterCommits()).isEqualTo(20);
    assertThat(MaintenanceSpec.DEFAULT.bronze().expireSnapshotsOlderThan())
        .isEqualTo(Duration.ofDays(1));
  }

  @Test
  void eachKeyOverridesOnlyItselfAndOtherLayersKeepTheirDefaults() {
    MaintenanceSpec spec =
        parse(
                MINI
                    + """
                    maintenance:
                      gold:
                        rewrite_after_commits: 5
                        rewrite_interval: 10 min
                        expire_snapshots_older_than: 30 min
                        retain_last: 3
                        delete_orphans_after: 2 h
                      bronze: {enabled: false, rewrite_after_data_files: 7}
                    """)
            .maintenance();

    assertThat(spec.gold())
        .isEqualTo(
            new MaintenancePolicy(
                true,
                5,
                MaintenancePolicy.UPSERT_DEFAULT.rewriteAfterDataFiles(),
                Duration.ofMinutes(10),
                Duration.ofMinutes(30),
                3,
                Duration.ofHours(2)));
    assertThat(spec.bronze().enabled()).isFalse();
    assertThat(spec.bronze().rewriteAfterDataFiles()).isEqualTo(7);
    assertThat(spec.bronze().rewriteAfterCommits()).isEqualTo(50);
    assertThat(spec.silver()).isEqualTo(MaintenancePolicy.APPEND_ONLY_DEFAULT);
  }

  @Test
  void everyMistakeIsReportedAtItsPlace() {
    assertThatThrownBy(
            () ->
                parse(
                    MINI
                        + """
                        maintenance:
                          gold:
                            rewrite_after_commits: 0
                            retain_last: many
                            delete_orphans_after: 5 min
                            expire_snapshots_older_than: soon
                          bronze: {enabled: maybe, retain: 3}
                          platinum: {}
                        """))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining(
            "pipeline.yaml:10:28 at maintenance.gold.rewrite_after_commits: invalid value '0': it"
                + " must be a number of commits of 1 or more. Write for example"
                + " 'rewrite_after_commits: 20'")
        .hasMessageContaining("at maintenance.gold.retain_last: invalid value 'many'")
        .hasMessageContaining(
            "at maintenance.gold.delete_orphans_after: invalid duration '5 min': it must be at"
                + " least 1 h")
        .hasMessageContaining(
            "at maintenance.gold.expire_snapshots_older_than: invalid duration 'soon'")
        .hasMessageContaining("at maintenance.bronze.enabled: invalid value 'maybe'")
        .hasMessageContaining("unknown key 'retain'")
        .hasMessageContaining("unknown key 'platinum'");
  }

  private static PipelineSpec parse(String yaml) {
    return PipelineSpecLoader.parse(yaml, "pipeline.yaml");
  }
}
