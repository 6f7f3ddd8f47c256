package dev.fleet.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an INI host line into words as Ansible does (Python's {@code shlex.split(line,
 * comments=True)}): spaces separate words, quotes group them and are removed, a backslash escapes
 * outside single quotes, {@code #} outside quotes starts a comment. Each word keeps its column.
 */
final class IniWords {
  /** A word as shlex gives it, and the 1-based column where it starts in the line. */
  record Word(String text, int column) {}

  /** A quote that is never closed, and the 1-based column where it opens. */
  static final class UnclosedQuote extends IllegalArgumentException {
    final int column;

    UnclosedQuote(char quote, int column) {
      super("the " + quote + " here is never closed");
      this.column = column;
    }
  }

  private IniWords() {}

  /** @throws UnclosedQuote for a quote that is not closed */
  static List<Word> split(String line) {
    List<Word> words = new ArrayList<>();
    StringBuilder word = null;
    int start = 0;
    char quote = 0;
    int quoteAt = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
          word.append(line.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (Character.isWhitespace(c) || c == '#') {
        if (word != null) {
          words.add(new Word(word.toString(), start + 1));
          word = null;
        }
        if (c == '#') {
          break;
        }
      } else {
        if (word == null) {
          word = new StringBuilder();
          start = i;
        }
        if (c == '\'' || c == '"') {
          quote = c;
          quoteAt = i;
        } else if (c == '\\' && i + 1 < line.length()) {
          word.append(line.charAt(++i));
        } else {
          word.append(c);
        }
      }
    }
    if (quote != 0) {
      throw new UnclosedQuote(quote, quoteAt + 1);
    }
    if (word != null) {
      words.add(new Word(word.toString(), start + 1));
    }
    return words;
  }

  /**
   * A value as Ansible's {@code ast.literal_eval} reads a string: {@code 'a b'} or {@code "a b"}
   * loses its quotes (and its backslash escapes); anything else, such as {@code deploy} or
   * {@code 22}, stays as written.
   */
  static String unquote(String value) {
    if (value.length() < 2) {
      return value;
    }
    char quote = value.charAt(0);
    if ((quote != '\'' && quote != '"') || value.charAt(value.length() - 1) != quote) {
      return value;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == quote) {
        return value; // 'a' 'b' is not one literal
      }
      if (c == '\\' && i + 1 < value.length() - 1) {
        char next = value.charAt(++i);
        switch (next) {
          case 'n' -> text.append('\n');
          case 't' -> text.append('\t');
          case '\\', '\'', '"' -> text.append(next);
          default -> text.append('\\').append(next);
        }
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }
}
