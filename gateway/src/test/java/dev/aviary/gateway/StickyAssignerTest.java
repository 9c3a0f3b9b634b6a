package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class StickyAssignerTest {
  private static final String[] NAMES = {"stable", "canary", "v3", "v4", "v5"};

  private static StickyAssigner assigner(int[] weights) {
    return new StickyAssigner(java.util.Arrays.copyOf(NAMES, weights.length), weights);
  }

  /** Weights of 2 to 5 revisions adding up to 100, at least one positive. */
  @Provide
  Arbitrary<int[]> weights() {
    return Arbitraries.integers()
        .between(2, 5)
        .flatMap(
            n ->
                Arbitraries.integers()
                    .between(0, 100)
                    .array(int[].class)
                    .ofSize(n - 1)
                    .map(
                        cuts -> {
                          int[] sorted = cuts.clone();
                          java.util.Arrays.sort(sorted);
                          int[] w = new int[n];
                          int prev = 0;
                          for (int i = 0; i < n - 1; i++) {
                            w[i] = sorted[i] - prev;
                            prev = sorted[i];
                          }
                          w[n - 1] = 100 - prev;
                          return w;
                        }));
  }

  @Provide
  Arbitrary<List<int[]>> weightChanges() {
    return weights()
        .flatMap(
            before ->
                Arbitraries.integers()
                    .between(0, 100)
                    .array(int[].class)
                    .ofSize(before.length - 1)
                    .map(
                        cuts -> {
                          int[] sorted = cuts.clone();
                          java.util.Arrays.sort(sorted);
                          int[] after = new int[before.length];
                          int prev = 0;
                          for (int i = 0; i < after.length - 1; i++) {
                            after[i] = sorted[i] - prev;
                            prev = sorted[i];
                          }
                          after[after.length - 1] = 100 - prev;
                          return List.of(before, after);
                        }));
  }

  @Property
  void aKeyAlwaysMapsToTheSameRevision(
      @ForAll("weights") int[] weights, @ForAll @StringLength(max = 40) String key) {
    assertThat(assigner(weights).assign(key)).isEqualTo(assigner(weights).assign(key));
  }

  @Property
  void aRevisionWithWeightZeroGetsNoKey(
      @ForAll("weights") int[] weights, @ForAll @StringLength(max = 40) String key) {
    int chosen = assigner(weights).assign(key);
    assertThat(weights[chosen]).isPositive();
  }

  @Property(tries = 40)
  void theShareOfKeysFollowsTheWeights(@ForAll("weights") int[] weights) {
    StickyAssigner a = assigner(weights);
    int keys = 20_000;
    int[] counts = new int[weights.length];
    for (int i = 0; i < keys; i++) {
      counts[a.assign("user-" + i)]++;
    }
    for (int r = 0; r < weights.length; r++) {
      // 20,000 keys: one standard deviation is at most 0.36 points; allow 2 points.
      assertThat(100.0 * counts[r] / keys)
          .isCloseTo(weights[r], org.assertj.core.data.Offset.offset(2.0));
    }
  }

  @Property(tries = 200)
  void keysOnlyMoveToARevisionWhoseWeightGrewRelativeToTheirs(
      @ForAll("weightChanges") List<int[]> change, @ForAll @StringLength(max = 30) String key) {
    int[] before = change.get(0);
    int[] after = change.get(1);
    int from = assigner(before).assign(key);
    int to = assigner(after).assign(key);
    if (from != to) {
      // after[to] / before[to] > after[from] / before[from], without dividing by zero
      assertThat((long) after[to] * before[from]).isGreaterThan((long) after[from] * before[to]);
    }
  }

  @Property(tries = 100)
  void growingTheCanaryOnlyMovesUsersToTheCanary(
      @ForAll @IntRange(min = 0, max = 99) int canary,
      @ForAll @IntRange(min = 1, max = 100) int step) {
    int grown = Math.min(100, canary + step);
    StickyAssigner before = assigner(new int[] {100 - canary, canary});
    StickyAssigner after = assigner(new int[] {100 - grown, grown});
    int moved = 0;
    for (int i = 0; i < 2_000; i++) {
      String key = "user-" + i;
      int was = before.assign(key);
      int now = after.assign(key);
      if (was == 1) {
        assertThat(now).as("a canary user stays on the canary").isEqualTo(1);
      } else if (now == 1) {
        moved++;
      }
    }
    // the keys that move are the canary's new share of all keys (2,000 keys: allow 5 points)
    assertThat(100.0 * moved / 2_000)
        .isCloseTo(grown - canary, org.assertj.core.data.Offset.offset(5.0));
  }

  @Property(tries = 100)
  void growingOneOfSeveralRevisionsMovesUsersOnlyToIt(
      @ForAll @IntRange(min = 1, max = 40) int grow) {
    // three revisions; the third grows while the first two shrink in proportion (2:1)
    int[] before = {60, 30, 10};
    int take = grow - grow % 3; // keep the 2:1 ratio exact
    int[] after = {60 - take * 2 / 3, 30 - take / 3, 10 + take};
    StickyAssigner a = assigner(before);
    StickyAssigner b = assigner(after);
    for (int i = 0; i < 2_000; i++) {
      String key = "k" + i;
      int was = a.assign(key);
      int now = b.assign(key);
      if (was != now) {
        assertThat(now).isEqualTo(2);
      }
    }
  }

  @Property
  void theOrderOfRevisionsDoesNotMatter(@ForAll @StringLength(max = 30) String key) {
    StickyAssigner ab = new StickyAssigner(new String[] {"a", "b", "c"}, new int[] {50, 30, 20});
    StickyAssigner ba = new StickyAssigner(new String[] {"c", "b", "a"}, new int[] {20, 30, 50});
    String[] abNames = {"a", "b", "c"};
    String[] baNames = {"c", "b", "a"};
    assertThat(abNames[ab.assign(key)]).isEqualTo(baNames[ba.assign(key)]);
  }
}
