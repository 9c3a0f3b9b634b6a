package dev.aviary.train;

/** One labelled card transaction of the synthetic fraud data set. */
public record Transaction(
    double amount,
    int hourOfDay,
    MerchantCategory merchantCategory,
    double distanceFromHomeKm,
    int transactionsLast24h,
    int cardAgeDays,
    boolean online,
    boolean foreign,
    double amountToUserMean,
    boolean newMerchant,
    boolean fraud) {

  /** The model input row, in {@link Feature} order. */
  public float[] features() {
    return new float[] {
      (float) amount,
      hourOfDay,
      merchantCategory.ordinal(),
      (float) distanceFromHomeKm,
      transactionsLast24h,
      cardAgeDays,
      online ? 1f : 0f,
      foreign ? 1f : 0f,
      (float) amountToUserMean,
      newMerchant ? 1f : 0f
    };
  }
}
