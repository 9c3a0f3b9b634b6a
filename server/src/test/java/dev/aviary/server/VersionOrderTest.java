package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOrderTest {
  private static List<String> sorted(String... versions) {
    List<String> l = new ArrayList<>(List.of(versions));
    l.sort(VersionOrder.INSTANCE);
    return l;
  }

  @Test
  void numbersCompareNumerically() {
    assertThat(sorted("10", "9", "2", "1")).containsExactly("1", "2", "9", "10");
    assertThat(sorted("007", "8")).containsExactly("007", "8");
  }

  @Test
  void dottedVersionsCompareSegmentBySegment() {
    assertThat(sorted("1.10", "1.9", "1.9.1", "2.0"))
        .containsExactly("1.9", "1.9.1", "1.10", "2.0");
  }

  @Test
  void textComparesAsTextAndAfterNumbers() {
    assertThat(sorted("beta", "alpha", "3")).containsExactly("3", "alpha", "beta");
    assertThat(sorted("v2", "v10")).containsExactly("v10", "v2");
  }
}
