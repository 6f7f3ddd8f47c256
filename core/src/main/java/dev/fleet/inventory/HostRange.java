package dev.fleet.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Ansible's host ranges in INI inventories: {@code web[01:20].example.com} (leading zeros kept),
 * {@code db-[a:c]}, {@code web[1:10:2]} (a step), several ranges in one name. Pure.
 */
final class HostRange {
  /** Far above any fleet; a typo such as {@code web[1:100000]} must not eat the heap. */
  static final int MAX_HOSTS = 10_000;

  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private HostRange() {}

  /**
   * The host names {@code pattern} stands for, in order; the pattern itself when it has no range.
   *
   * @throws IllegalArgumentException with a message for the user
   */
  static List<String> expand(String pattern) {
    List<String> names = new ArrayList<>();
    expand(pattern, names);
    return names;
  }

  private static void expand(String pattern, List<String> names) {
    int open = pattern.indexOf('[');
    if (open < 0) {
      if (pattern.indexOf(']') >= 0) {
        throw new IllegalArgumentException("a ] without a [");
      }
      if (names.size() == MAX_HOSTS) {
        throw new IllegalArgumentException(
            "the pattern stands for more than " + MAX_HOSTS + " hosts");
      }
      names.add(pattern);
      return;
    }
    int close = pattern.indexOf(']', open);
    if (close < 0) {
      throw new IllegalArgumentException("a [ without a closing ]");
    }
    String head = pattern.substring(0, open);
    String tail = pattern.substring(close + 1);
    for (String value : values(pattern.substring(open + 1, close))) {
      expand(head + value + tail, names);
    }
  }

  /** The values of one {@code begin:end[:step]}, formatted as they appear in names. */
  private static List<String> values(String range) {
    String[] bounds = range.split(":", -1);
    if (bounds.length != 2 && bounds.length != 3) {
      throw new IllegalArgumentException(
          "a host range is [begin:end] or [begin:end:step], not [" + range + "]");
    }
    String begin = bounds[0].isEmpty() ? "0" : bounds[0];
    String end = bounds[1];
    int step = bounds.length == 3 ? step(bounds[2]) : 1;
    if (end.isEmpty()) {
      throw new IllegalArgumentException("the range [" + range + "] has no end");
    }
    List<String> values = new ArrayList<>();
    if (isLetter(begin) && isLetter(end)) {
      int from = LETTERS.indexOf(begin);
      int to = LETTERS.indexOf(end);
      checkOrder(from, to, range);
      for (int i = from; i <= to; i += step) {
        values.add(String.valueOf(LETTERS.charAt(i)));
      }
      return values;
    }
    if (!begin.matches("\\d{1,9}") || !end.matches("\\d{1,9}")) {
      throw new IllegalArgumentException(
          "a range is of numbers ([01:20]) or of single letters ([a:c]), not ["
              + range + "]");
    }
    // As in Ansible: a begin written with a leading zero gives every value that width.
    boolean padded = begin.length() > 1 && begin.startsWith("0");
    if (padded && begin.length() != end.length()) {
      throw new IllegalArgumentException(
          "a zero-padded range needs a begin and an end of the same width, not ["
              + range + "]");
    }
    int from = Integer.parseInt(begin);
    int to = Integer.parseInt(end);
    checkOrder(from, to, range);
    if ((to - from) / step >= MAX_HOSTS) {
      throw new IllegalArgumentException(
          "the pattern stands for more than " + MAX_HOSTS + " hosts");
    }
    for (int i = from; i <= to; i += step) {
      String digits = Integer.toString(i);
      values.add(padded ? "0".repeat(Math.max(0, begin.length() - digits.length())) + digits : digits);
    }
    return values;
  }

  private static boolean isLetter(String bound) {
    return bound.length() == 1 && LETTERS.contains(bound);
  }

  private static int step(String text) {
    if (text.matches("\\d{1,9}") && Integer.parseInt(text) > 0) {
      return Integer.parseInt(text);
    }
    throw new IllegalArgumentException(
        "the step of a range is a whole number above 0, not " + text);
  }

  private static void checkOrder(int from, int to, String range) {
    if (from > to) {
      throw new IllegalArgumentException(
          "the range [" + range + "] begins after it ends");
    }
  }
}
