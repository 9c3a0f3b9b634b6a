package dev.aviary.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class FraudDataGeneratorTest {

  private static final List<Transaction> ROWS = new FraudDataGenerator(1).generate(30_000);

  @Test
  void theSameSeedGivesTheSameRows() {
    assertThat(new FraudDataGenerator(5).generate(500))
        .isEqualTo(new FraudDataGenerator(5).generate(500));
  }

  @Test
  void differentSeedsGiveDifferentRows() {
    assertThat(new FraudDataGenerator(5).generate(50))
        .isNotEqualTo(new FraudDataGenerator(6).generate(50));
  }

  @Test
  void aFewPercentOfTransactionsAreFraud() {
    double rate = share(ROWS, Transaction::fraud);
    assertThat(rate).isBetween(0.01, 0.05);
  }

  @Test
  void everyFeatureStaysInItsDocumentedRange() {
    for (Transaction t : ROWS) {
      assertThat(t.amount()).isGreaterThanOrEqualTo(1.0);
      assertThat(t.hourOfDay()).isBetween(0, 23);
      assertThat(t.distanceFromHomeKm()).isGreaterThanOrEqualTo(0.0);
      assertThat(t.transactionsLast24h()).isGreaterThanOrEqualTo(0);
      assertThat(t.cardAgeDays()).isBetween(0, 4000);
      assertThat(t.amountToUserMean()).isGreaterThan(0.0);
      float[] f = t.features();
      assertThat(f).hasSize(Feature.count());
      assertThat(f[Feature.MERCHANT_CATEGORY.ordinal()]).isBetween(0f, 9f);
      assertThat(f[Feature.ONLINE.ordinal()]).isIn(0f, 1f);
      assertThat(f[Feature.FOREIGN.ordinal()]).isIn(0f, 1f);
      assertThat(f[Feature.NEW_MERCHANT.ordinal()]).isIn(0f, 1f);
    }
  }

  @Test
  void onlineForeignPaymentsAreFarRiskierThanDomesticCardPresentOnes() {
    double onlineForeign =
        share(ROWS.stream().filter(t -> t.online() && t.foreign()).toList(), Transaction::fraud);
    double domesticPresent =
        share(ROWS.stream().filter(t -> !t.online() && !t.foreign()).toList(), Transaction::fraud);
    assertThat(onlineForeign).isGreaterThan(5 * domesticPresent);
  }

  @Test
  void fraudstersUseTheCardMoreOften() {
    double fraudVelocity = meanVelocity(ROWS.stream().filter(Transaction::fraud).toList());
    double legitVelocity = meanVelocity(ROWS.stream().filter(t -> !t.fraud()).toList());
    assertThat(fraudVelocity).isGreaterThan(legitVelocity + 1.0);
  }

  @Test
  void rejectsANegativeCount() {
    assertThatThrownBy(() -> new FraudDataGenerator(1).generate(-1))
        .hasMessageContaining("count must be >= 0");
  }

  private static double share(List<Transaction> rows, Predicate<Transaction> p) {
    return rows.stream().filter(p).count() / (double) rows.size();
  }

  private static double meanVelocity(List<Transaction> rows) {
    return rows.stream().mapToInt(Transaction::transactionsLast24h).average().orElseThrow();
  }
}
