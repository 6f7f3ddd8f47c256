package dev.fleet.report;

import java.util.Locale;

/** Enum names as reports spell them: ROLLED_BACK -> "rolled-back", or "rolledBack" for keys. */
final class Words {
  private Words() {}

  static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String camel(String constant) {
    String[] parts = constant.toLowerCase(Locale.ROOT).split("_");
    StringBuilder text = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      text.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
    }
    return text.toString();
  }
}
