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
    // Two edits or a third of the word: catches prot and pid_fil, not user for port.
    boolean close = best != null && bestDistance <= Math.max(2, typed.length() / 3);
    if (!close) {
      best = prefixMatch(typed, known);
    }
    return best != null ? " (did you mean " + best + "?)" : "";
  }

  /** soak_time for soak: a known key with something added is still the likely intent. */
  private static String prefixMatch(String typed, Collection<String> known) {
    for (String candidate : known) {
      if (typed.toLowerCase().startsWith(candidate.toLowerCase())) {
        return candidate;
      }
    }
    return null;
  }

  /** Edit distance counting a swap of neighbours as one edit, the commonest typo. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
