package dev.fleet.nginx.script;

/**
 * Takes the comment lines out of a script before it is sent: half the bytes of fleet's scripts
 * are comments, which the host's shell would receive, read and skip in every request (a
 * persistent shell reads each request byte by byte, see {@code HeldScripts}).
 *
 * <p>Only whole lines whose first non-blank character is {@code #} go, and only where sh would
 * read them as comments: not inside a quoted string (an awk program's own comments stay), not in
 * a here-document, and not after a line that ends in a backslash, which would join its
 * neighbours if its continuation went. The scan follows sh's quoting closely enough for that:
 * single and double quotes and backslashes; a quote nested inside {@code "$(...)"} pairs up the
 * same way. Where it is unsure it keeps the line: a comment kept costs bytes, a line lost would
 * change what runs.
 */
final class CommentLines {
  private CommentLines() {}

  static String strip(String script) {
    StringBuilder out = new StringBuilder(script.length());
    Scan scan = new Scan();
    int start = 0;
    while (start < script.length()) {
      int newline = script.indexOf('\n', start);
      int end = newline < 0 ? script.length() : newline + 1;
      String line = script.substring(start, end);
      if (!(scan.atCommandStart() && isComment(line))) {
        out.append(line);
        scan.read(line);
      }
      start = end;
    }
    return out.toString();
  }

  private static boolean isComment(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c != ' ' && c != '\t') {
        return c == '#';
      }
    }
    return false;
  }

  /** Where sh stands after the lines read so far: in quotes, a here-document, a continuation. */
  private static final class Scan {
    private boolean single;
    private boolean dbl;
    private boolean continued;
    /** The here-document's delimiter while its body is being read. */
    private String hereDoc;
    private String pendingHereDoc;

    boolean atCommandStart() {
      return !single && !dbl && !continued && hereDoc == null;
    }

    void read(String line) {
      String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
      if (hereDoc != null) {
        if (text.replaceFirst("^\t+", "").equals(hereDoc)) {
          hereDoc = null;
        }
        return;
      }
      boolean escaped = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (single) {
          single = c != '\'';
        } else if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (dbl) {
          dbl = c != '"';
        } else if (c == '\'') {
          single = true;
        } else if (c == '"') {
          dbl = true;
        } else if (c == '#' && (i == 0 || " \t;|&(".indexOf(text.charAt(i - 1)) >= 0)) {
          break; // a comment to the end of the line: nothing in it opens anything
        } else if (c == '<' && text.startsWith("<<", i)) {
          String word = delimiter(text, i + 2);
          if (!word.isEmpty()) {
            pendingHereDoc = word;
          }
          i++;
        }
      }
      continued = escaped; // only ever set outside single quotes
      if (!single && !dbl && !continued && pendingHereDoc != null) {
        hereDoc = pendingHereDoc;
        pendingHereDoc = null;
      }
    }

    /** The word after {@code <<} or {@code <<-}, its quotes removed; "" when there is none. */
    private static String delimiter(String text, int from) {
      int i = from;
      if (i < text.length() && text.charAt(i) == '-') {
        i++;
      }
      while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
        i++;
      }
      StringBuilder word = new StringBuilder();
      for (; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\'' || c == '"' || c == '\\') {
          continue;
        }
        if (!Character.isLetterOrDigit(c) && c != '_') {
          break;
        }
        word.append(c);
      }
      return word.toString();
    }
  }
}
