package dev.fleet.bench;

import java.util.List;

/** Prints a titled table with columns as wide as their widest cell. */
final class Tables {
  private Tables() {}

  static void print(String title, String[] header, List<String[]> rows) {
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = header[i].length();
      for (String[] row : rows) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    System.out.printf("%n%s%n", title);
    line(header, width);
    StringBuilder rule = new StringBuilder();
    for (int w : width) {
      rule.append("-".repeat(w)).append("  ");
    }
    System.out.println(rule.toString().strip());
    rows.forEach(row -> line(row, width));
    System.out.flush();
  }

  private static void line(String[] cells, int[] width) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      text.append(String.format("%-" + width[i] + "s", cells[i])).append("  ");
    }
    System.out.println(text.toString().stripTrailing());
  }
}
