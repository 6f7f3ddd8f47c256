package dev.fleet.inventory;

import java.util.Collection;

/** Suggests the known word closest to a misspelt one, if any is close enough to be a typo. */
final class DidYouMean {
  private DidYouMean() {}

  /** {@code " (did you mean pid_file?)"}, or an empty string when nothing is close. */
  static String suggest(String typed, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(typed.toLowerCase(), candidate.toLowerCase());
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    // A third of the word may differ: catches pid_fil and healt_url, not port for user.
    boolean close = best != null && bestDistance <= Math.max(1, typed.length() / 3);
    return close ? " (did you mean " + best + "?)" : "";
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
