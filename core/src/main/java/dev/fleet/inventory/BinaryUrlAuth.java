package dev.fleet.inventory;

/**
 * The header the hosts send to the artifact server, from the environment variable
 * {@code upgrade.binary_url_auth_env} names: a bare token becomes {@code Authorization: Bearer
 * TOKEN}; a value shaped {@code Name: value} is sent as that header (Basic auth, an API-key
 * header). It travels to each host on the stage command's stdin, never in argv; {@link
 * #toString} names the variable only, so no log, report or journal can print the value.
 */
public final class BinaryUrlAuth {
  private final String variable;
  private final String headerLine;

  private BinaryUrlAuth(String variable, String headerLine) {
    this.variable = variable;
    this.headerLine = headerLine;
  }

  /** Throws with a message that never repeats the value. */
  static BinaryUrlAuth from(String variable, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "environment variable " + variable + " is not set (or empty): it must hold the artifact server's token");
    }
    if (value.strip().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException(
          "environment variable " + variable + " holds a line break or control character; a header value cannot");
    }
    String text = value.strip();
    String line = text.matches("[A-Za-z0-9-]+: .+") ? text : "Authorization: Bearer " + text;
    return new BinaryUrlAuth(variable, line);
  }

  /** The environment variable it came from. */
  public String variable() {
    return variable;
  }

  /** The whole header line, secret included: for the stage command's stdin only. */
  public String headerLine() {
    return headerLine;
  }

  @Override
  public String toString() {
    return "$" + variable;
  }
}
