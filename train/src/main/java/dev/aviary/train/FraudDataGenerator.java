package dev.aviary.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a synthetic, labelled card-transaction data set. The same seed always gives the same
 * rows.
 *
 * <p>Legitimate behaviour is sampled first (card holder's usual spend, merchant category, time of
 * day, channel, travel, card age, velocity). The fraud label is then drawn from a ground-truth
 * log-odds that mixes additive effects with thresholds and interactions (online and foreign
 * together, new card and unusually large amount, card present far from home, bursts at new
 * merchants) plus unobserved noise, so no model can be perfect and a linear model is not the best
 * one. Fraudsters also use a card more often, which raises {@code transactions_last_24h} of fraud
 * rows. Finally some labels are wrong, as chargeback data is: a few frauds are never reported and a
 * very few legitimate payments are disputed.
 */
public final class FraudDataGenerator {

  static final double INTERCEPT = -5.9;
  private static final double UNREPORTED_FRAUD = 0.05;
  private static final double FALSE_DISPUTE = 0.0005;
  private static final double[] HOUR_WEIGHTS = {
    0.25, 0.18, 0.14, 0.12, 0.14, 0.25, 0.5, 0.9, 1.2, 1.4, 1.5, 1.6, 1.8, 1.7, 1.5, 1.5, 1.6, 1.7,
    1.8, 1.7, 1.4, 1.1, 0.8, 0.45
  };

  private final SplittableRandom random;

  public FraudDataGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The next {@code count} transactions of this generator's stream. */
  public List<Transaction> generate(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    List<Transaction> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      rows.add(next());
    }
    return rows;
  }

  private Transaction next() {
    double userMean = 40.0 * StrictMath.exp(0.6 * gaussian());
    MerchantCategory category = sampleCategory();
    double amount =
        Math.max(1.0, userMean * category.amountFactor() * StrictMath.exp(0.7 * gaussian()));
    amount = Math.round(amount * 100.0) / 100.0;
    double ratio = Math.round(amount / userMean * 1000.0) / 1000.0;
    int hour = sampleHour();
    boolean online =
        random.nextDouble()
            < switch (category) {
              case DIGITAL_GOODS -> 0.95;
              case AIRLINE, HOTEL -> 0.7;
              case ELECTRONICS, MONEY_TRANSFER -> 0.45;
              case FUEL, GROCERY, RESTAURANT -> 0.05;
              default -> 0.25;
            };
    boolean foreign = random.nextDouble() < (online ? 0.09 : 0.04);
    double distance =
        foreign
            ? 300 + 8700 * random.nextDouble()
            : (online ? 15 : 4) * StrictMath.exp((online ? 1.3 : 1.0) * gaussian());
    distance = Math.round(distance * 10.0) / 10.0;
    int cardAge =
        random.nextDouble() < 0.1
            ? random.nextInt(61)
            : Math.min(4000, 60 + (int) (-900 * StrictMath.log(1 - random.nextDouble())));
    int velocity = poisson(2.0);
    boolean newMerchant = random.nextDouble() < 0.2;

    double logit =
        INTERCEPT
            + category.fraudLogit()
            + (hour <= 5 ? 1.5 : 0.0)
            + 0.9 * StrictMath.log(Math.max(ratio, 0.001))
            + (online ? 0.4 : 0.0)
            + (foreign ? 0.5 : 0.0)
            + (online && foreign ? 2.2 : 0.0)
            + (cardAge < 45 && ratio > 2 ? 2.0 : 0.0)
            + 0.3 * Math.max(0, velocity - 3)
            + (newMerchant && velocity >= 5 ? 1.0 : 0.0)
            + (!online && distance > 500 ? 2.2 : 0.0)
            + 0.6 * gaussian();
    boolean fraud = random.nextDouble() < 1.0 / (1.0 + StrictMath.exp(-logit));
    if (fraud) {
      velocity += poisson(1.5);
    }
    boolean label =
        fraud ? random.nextDouble() >= UNREPORTED_FRAUD : random.nextDouble() < FALSE_DISPUTE;
    return new Transaction(
        amount,
        hour,
        category,
        distance,
        velocity,
        cardAge,
        online,
        foreign,
        ratio,
        newMerchant,
        label);
  }

  /** Box-Muller on our own so the stream does not depend on the JDK's Gaussian algorithm. */
  private double gaussian() {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
  }

  private MerchantCategory sampleCategory() {
    double u = random.nextDouble();
    MerchantCategory[] all = MerchantCategory.values();
    double cumulative = 0;
    for (MerchantCategory c : all) {
      cumulative += c.share();
      if (u < cumulative) {
        return c;
      }
    }
    return all[all.length - 1];
  }

  private int sampleHour() {
    double total = 0;
    for (double w : HOUR_WEIGHTS) {
      total += w;
    }
    double u = random.nextDouble() * total;
    for (int h = 0; h < HOUR_WEIGHTS.length; h++) {
      u -= HOUR_WEIGHTS[h];
      if (u < 0) {
        return h;
      }
    }
    return HOUR_WEIGHTS.length - 1;
  }

  private int poisson(double mean) {
    double limit = StrictMath.exp(-mean);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }
}
