package dev.aviary.train;

/**
 * The model input, in order: every fraud model takes one FP32 tensor of shape [N, {@link #count()}]
 * whose columns are these raw transaction features. Scaling happens inside the models.
 */
public enum Feature {
  AMOUNT("amount", "transaction amount in US dollars"),
  HOUR_OF_DAY("hour_of_day", "local hour of the transaction, 0..23"),
  MERCHANT_CATEGORY(
      "merchant_category", "merchant category index 0..9 (see MerchantCategory; e.g. 4 = 5732)"),
  DISTANCE_FROM_HOME_KM(
      "distance_from_home_km", "distance between the card holder's home and the merchant/IP, km"),
  TRANSACTIONS_LAST_24H("transactions_last_24h", "transactions on this card in the previous 24 h"),
  CARD_AGE_DAYS("card_age_days", "days since the card was issued"),
  ONLINE("online", "1 = card not present (online), 0 = card present"),
  FOREIGN("foreign", "1 = merchant country differs from the card's country"),
  AMOUNT_TO_USER_MEAN("amount_to_user_mean", "amount divided by the card holder's mean amount"),
  NEW_MERCHANT("new_merchant", "1 = first purchase of this card at this merchant");

  private final String column;
  private final String description;

  Feature(String column, String description) {
    this.column = column;
    this.description = description;
  }

  /** Column name in CSV files and documentation. */
  public String column() {
    return column;
  }

  public String description() {
    return description;
  }

  public static int count() {
    return values().length;
  }

  /**
   * The name of this feature inside Tribuo. Tribuo orders features by name when it builds the dense
   * model input, so the two-digit prefix keeps that order equal to this enum's order.
   */
  String tribuoName() {
    return String.format("%02d_%s", ordinal(), column);
  }
}
