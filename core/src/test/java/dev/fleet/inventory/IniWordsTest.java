package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Host lines split and values unquote as Ansible's INI reader does (shlex, literal_eval). */
class IniWordsTest {

  /** line | the words, each shown as column:text and separated by " / " */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          web1                                   | 1:web1
          web1 ansible_host=10.0.0.1             | 1:web1 / 6:ansible_host=10.0.0.1
          `  web1    a=b`                         | 3:web1 / 11:a=b
          web1 key="/keys/my key"                | 1:web1 / 6:key=/keys/my key
          web1 key='it "is" so'                  | 1:web1 / 6:key=it "is" so
          web1 key="say \\"hi\\""                | 1:web1 / 6:key=say "hi"
          web1 key=a\\ b                          | 1:web1 / 6:key=a b
          web1 a=b # the rest is a comment       | 1:web1 / 6:a=b
          web1 a=b#c                             | 1:web1 / 6:a=b
          web1 a="b#c"                           | 1:web1 / 6:a=b#c
          web1 fleet_nginx='{binary: /x, pid_file: "/run/a b.pid"}' | 1:web1 / 6:fleet_nginx={binary: /x, pid_file: "/run/a b.pid"}
          """)
  void splitsLikeAShellLine(String line, String expected) {
    List<String> words =
        IniWords.split(line).stream().map(w -> w.column() + ":" + w.text()).toList();
    assertEquals(expected, String.join(" / ", words));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          web1 a="open       | 8
          web1 a='open       | 8
          web1 a=x b="c      | 12
          """)
  void anUnclosedQuoteIsReportedWhereItOpens(String line, int column) {
    IniWords.UnclosedQuote e = assertThrows(IniWords.UnclosedQuote.class, () -> IniWords.split(line));
    assertEquals(column, e.column);
  }

  /** value as the line gives it | the value fleet reads */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          deploy           | deploy
          22               | 22
          'deploy'         | deploy
          "/keys/my key"   | /keys/my key
          'it''s'          | 'it''s'
          "a\\"b"          | a"b
          'a\\\\b'         | a\\b
          "x                | "x
          ''               | ``
          True             | True
          """)
  void quotesAroundAValueGoAsInPython(String value, String expected) {
    assertEquals(expected, IniWords.unquote(value));
  }
}
