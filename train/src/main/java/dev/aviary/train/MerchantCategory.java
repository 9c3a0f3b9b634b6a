package dev.aviary.train;

/**
 * Merchant categories of the synthetic data set. The model sees {@link #ordinal()} as the numeric
 * feature {@code merchant_category}; {@link #mcc()} is the ISO 18245 code it stands for.
 */
public enum MerchantCategory {
  GROCERY(5411, "grocery stores, supermarkets", 0.25, 0.9, -0.6),
  RESTAURANT(5812, "restaurants", 0.18, 0.7, -0.4),
  FUEL(5541, "service stations", 0.12, 0.8, 0.1),
  DEPARTMENT_STORE(5311, "department stores", 0.14, 1.6, 0.0),
  ELECTRONICS(5732, "electronics stores", 0.08, 3.0, 0.9),
  DIGITAL_GOODS(5818, "digital goods: games, apps, gift cards", 0.09, 0.5, 1.0),
  AIRLINE(4511, "airlines", 0.04, 6.0, 0.4),
  HOTEL(7011, "hotels and lodging", 0.04, 4.0, 0.1),
  JEWELRY(5944, "jewelry and watch stores", 0.03, 3.5, 1.1),
  MONEY_TRANSFER(6051, "quasi-cash, money orders, crypto", 0.03, 2.5, 1.5);

  private final int mcc;
  private final String description;
  private final double share;
  private final double amountFactor;
  private final double fraudLogit;

  MerchantCategory(
      int mcc, String description, double share, double amountFactor, double fraudLogit) {
    this.mcc = mcc;
    this.description = description;
    this.share = share;
    this.amountFactor = amountFactor;
    this.fraudLogit = fraudLogit;
  }

  public int mcc() {
    return mcc;
  }

  public String description() {
    return description;
  }

  /** Share of all transactions in this category. */
  double share() {
    return share;
  }

  /** How much a typical purchase here costs relative to the card holder's usual spend. */
  double amountFactor() {
    return amountFactor;
  }

  /** Contribution of this category to the ground-truth fraud log-odds. */
  double fraudLogit() {
    return fraudLogit;
  }

  static MerchantCategory ofIndex(int index) {
    MerchantCategory[] all = values();
    if (index < 0 || index >= all.length) {
      throw new IllegalArgumentException(
          "merchant_category must be 0.." + (all.length - 1) + ", was " + index);
    }
    return all[index];
  }
}
