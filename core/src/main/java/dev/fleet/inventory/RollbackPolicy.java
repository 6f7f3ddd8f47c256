package dev.fleet.inventory;

/** What is rolled back when the failure budget is breached. */
public enum RollbackPolicy {
  /** Only the hosts that failed. */
  HOST,
  /** Every host of the batch in which the budget was breached. */
  BATCH,
  /** Every host upgraded so far in the rollout. */
  ALL;

  /** The inventory spelling: {@code host}, {@code batch}, {@code all}. */
  public String keyword() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
