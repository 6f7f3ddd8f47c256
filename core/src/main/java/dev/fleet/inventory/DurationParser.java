package dev.fleet.inventory;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as people write them in an inventory: {@code 500ms}, {@code 30s}, {@code 1m30s}. */
public final class DurationParser {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h))+");

  private DurationParser() {}

  /** @throws IllegalArgumentException with a message fit to show the user */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.strip();
    if (trimmed.equals("0")) {
      return Duration.ZERO;
    }
    if (!WHOLE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a duration (use a number and a unit: 500ms, 30s, 2m, 1h)");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(trimmed);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      total = total.plus(switch (part.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      });
    }
    return total;
  }

  /** The shortest way to write {@code duration} back in the same syntax. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    int millis = duration.toMillisPart();
    if (hours > 0) text.append(hours).append('h');
    if (minutes > 0) text.append(minutes).append('m');
    if (seconds > 0) text.append(seconds).append('s');
    if (millis > 0) text.append(millis).append("ms");
    return text.toString();
  }
}
