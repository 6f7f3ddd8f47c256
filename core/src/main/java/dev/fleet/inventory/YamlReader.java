package dev.fleet.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into a {@link YamlNode} tree with positions. Streams tokens itself rather than using
 * Jackson's tree model, which drops locations and silently keeps the last of duplicate keys.
 */
final class YamlReader {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final Problems problems;
  /** Where the text starts in the file: a value inside an INI line is read as YAML too. */
  private final int firstLine;
  private final int firstColumn;
  private final String rootPath;
  private YAMLParser parser;

  YamlReader(Problems problems) {
    this(problems, 1, 1, "");
  }

  /**
   * For YAML that starts at {@code line}:{@code column} of the file under the key path
   * {@code rootPath}: a value inside an INI line.
   */
  YamlReader(Problems problems, int line, int column, String rootPath) {
    this.problems = problems;
    this.firstLine = line;
    this.firstColumn = column;
    this.rootPath = rootPath;
  }

  /** The document's root, or null after recording why there is none. */
  YamlNode read(Reader source) {
    try (YAMLParser yaml = (YAMLParser) FACTORY.createParser(source)) {
      parser = yaml;
      if (parser.nextToken() == null) {
        problems.at(firstLine, firstColumn, rootPath, "the inventory is empty");
        return null;
      }
      return node(rootPath);
    } catch (StreamReadException e) {
      JsonLocation where = e.getLocation();
      int line = where == null ? 0 : line(where);
      int column = where == null ? 0 : column(where);
      problems.at(line, column, rootPath, "not valid YAML: " + summary(e.getOriginalMessage()));
      return null;
    } catch (IOException e) {
      problems.at(0, 0, "", "cannot read: " + e.getMessage());
      return null;
    }
  }

  private YamlNode node(String path) throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    int line = line(at);
    int column = column(at);
    if (parser.isCurrentAlias()) {
      problems.at(line, column, path, "YAML aliases (*name) are not supported; repeat the value");
      return new YamlNode.Scalar(line, column, null);
    }
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      return map(path, line, column);
    }
    if (token == JsonToken.START_ARRAY) {
      List<YamlNode> items = new ArrayList<>();
      int index = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        items.add(node(path + "[" + index++ + "]"));
      }
      return new YamlNode.ListNode(line, column, items);
    }
    String text = token == JsonToken.VALUE_NULL ? null : parser.getText();
    return new YamlNode.Scalar(line, column, text);
  }

  private YamlNode map(String path, int line, int column) throws IOException {
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      JsonLocation keyAt = parser.currentTokenLocation();
      String key = parser.currentName();
      String keyPath = path.isEmpty() ? key : path + "." + key;
      parser.nextToken();
      YamlNode value = node(keyPath);
      YamlNode.Entry previous = entries.get(key);
      if (previous != null) {
        problems.at(
            line(keyAt), column(keyAt), keyPath, "duplicate key (first at line " + previous.line() + ")");
        continue;
      }
      entries.put(key, new YamlNode.Entry(key, line(keyAt), column(keyAt), value));
    }
    return new YamlNode.MapNode(line, column, entries);
  }

  private int line(JsonLocation at) {
    return firstLine + at.getLineNr() - 1;
  }

  /** Only the first line of the text is shifted right; later lines start at column 1 anyway. */
  private int column(JsonLocation at) {
    return at.getLineNr() == 1 ? firstColumn + at.getColumnNr() - 1 : at.getColumnNr();
  }

  /** SnakeYAML's message spans lines and repeats positions we already print; keep the words. */
  private static String summary(String message) {
    return String.valueOf(message)
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("in '") && !line.equals("^"))
        .reduce((a, b) -> a + ", " + b)
        .orElse("syntax error");
  }
}
