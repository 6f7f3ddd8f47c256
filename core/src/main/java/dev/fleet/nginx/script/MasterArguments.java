package dev.fleet.nginx.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recovers the arguments a master was started with from its process title. nginx joins argv with
 * spaces when it retitles itself, so word boundaries inside a {@code -g} value are gone; a
 * {@code -g} value runs until the next nginx option.
 */
public final class MasterArguments {
  private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-c", "-p", "-g", "-e");
  private static final Set<String> FLAGS = Set.of("-q");

  private MasterArguments() {}

  /** {@code "-c /etc/nginx.conf -g daemon on; worker_processes 2;"} -> [-c, /etc/nginx.conf, -g, daemon on; ...]. */
  public static List<String> parse(String arguments) {
    List<String> result = new ArrayList<>();
    String[] words = arguments.strip().isEmpty() ? new String[0] : arguments.strip().split(" +");
    for (int i = 0; i < words.length; i++) {
      String word = words[i];
      if (word.equals("-g")) {
        StringBuilder value = new StringBuilder();
        while (i + 1 < words.length && !isOption(words[i + 1])) {
          value.append(value.length() == 0 ? "" : " ").append(words[++i]);
        }
        result.add(word);
        result.add(value.toString());
      } else {
        result.add(word);
      }
    }
    return result;
  }

  private static boolean isOption(String word) {
    return OPTIONS_WITH_VALUE.contains(word) || FLAGS.contains(word);
  }
}
