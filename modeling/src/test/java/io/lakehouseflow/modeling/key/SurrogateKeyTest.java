package io.lakehouseflow.modeling.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SurrogateKeyTest {
  private static final LocalDateTime JAN_01 = LocalDateTime.parse("2024-01-01T10:00");

  @Test
  void isStableAcrossRunsBecauseGoldTablesKeepIt() {
    // Pinned: a different value here would re-key every existing gold table.
    assertThat(SurrogateKey.of(2L, JAN_01)).isEqualTo(1431504988195181121L);
    assertThat(SurrogateKey.of(2L, JAN_01)).isEqualTo(SurrogateKey.of(2L, JAN_01));
  }

  @Test
  void differsForDifferentValuesOrBoundaries() {
    assertThat(SurrogateKey.of(1L, JAN_01)).isNotEqualTo(SurrogateKey.of(2L, JAN_01));
    assertThat(SurrogateKey.of(1L, JAN_01))
        .isNotEqualTo(SurrogateKey.of(1L, JAN_01.plusNanos(1000)));
    assertThat(SurrogateKey.of("ab", "c")).isNotEqualTo(SurrogateKey.of("a", "bc"));
    assertThat(SurrogateKey.of((Object) null)).isNotEqualTo(SurrogateKey.of(""));
    assertThat(SurrogateKey.of(1L)).isNotEqualTo(SurrogateKey.of("1"));
    assertThat(SurrogateKey.of(1L)).isNotEqualTo(SurrogateKey.of(1L, (Object) null));
  }

  @Test
  void hashesNumbersByValueWhateverTheirDeclaredWidthOrScale() {
    assertThat(SurrogateKey.of(7)).isEqualTo(SurrogateKey.of(7L));
    assertThat(SurrogateKey.of(new BigDecimal("1.50")))
        .isEqualTo(SurrogateKey.of(new BigDecimal("1.5")));
  }

  @Test
  void isNeverTheUnknownMemberAndRarelyCollides() {
    Set<Long> keys = new HashSet<>();
    for (long id = 0; id < 10_000; id++) {
      long key = SurrogateKey.of(id, LocalDate.of(2024, 1, 1).plusDays(id % 400));
      assertThat(key).isNotNegative();
      keys.add(key);
    }
    assertThat(keys).hasSize(10_000).doesNotContain(SurrogateKey.UNKNOWN);
  }

  @Test
  void rejectsUnsupportedTypesNamingThem() {
    assertThatThrownBy(() -> SurrogateKey.of(new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot compute a surrogate key over a value of type [I");
  }

  @Test
  void functionAgreesWithTheJavaKey() {
    assertThat(new SurrogateKeyFunction().eval(2L, JAN_01)).isEqualTo(SurrogateKey.of(2L, JAN_01));
  }
}
