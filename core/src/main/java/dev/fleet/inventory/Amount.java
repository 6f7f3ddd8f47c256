package dev.fleet.inventory;

/**
 * A number of hosts written either as a count ({@code 5}) or as a share of the fleet
 * ({@code "10%"}); used for batch sizes and for the failure budget.
 */
public record Amount(int value, boolean percent) {

  /** @throws IllegalArgumentException with a message fit to show the user */
  public static Amount parse(String text) {
    String trimmed = text == null ? "" : text.strip();
    boolean percent = trimmed.endsWith("%");
    String digits = percent ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed;
    if (!digits.matches("\\d{1,9}")) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is neither a count (5) nor a percentage (\"10%\")");
    }
    int value = Integer.parseInt(digits);
    if (percent && value > 100) {
      throw new IllegalArgumentException("\"" + text + "\" is more than 100%");
    }
    return new Amount(value, percent);
  }

  /** How many hosts this is out of {@code total}; a percentage rounds down, as in Ansible. */
  public int of(int total) {
    return percent ? (int) ((long) total * value / 100) : value;
  }

  @Override
  public String toString() {
    return percent ? value + "%" : Integer.toString(value);
  }
}
