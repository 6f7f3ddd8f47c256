package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ansible's INI host ranges, as Ansible expands them. */
class HostRangeTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          web1                    | web1
          web[01:03].example.com  | web01.example.com web02.example.com web03.example.com
          web[08:11]              | web08 web09 web10 web11
          web[1:3]                | web1 web2 web3
          web[9:11]               | web9 web10 web11
          db-[a:c]                | db-a db-b db-c
          db-[x:B]                | db-x db-y db-z db-A db-B
          web[1:10:2]             | web1 web3 web5 web7 web9
          web[01:10:3]            | web01 web04 web07 web10
          rack[1:2]-node[a:b]     | rack1-nodea rack1-nodeb rack2-nodea rack2-nodeb
          [:2].pool               | 0.pool 1.pool 2.pool
          10.0.0.[1:3]            | 10.0.0.1 10.0.0.2 10.0.0.3
          """)
  void expandsEveryRangeInOrder(String pattern, String expected) {
    assertEquals(List.of(expected.split(" ")), HostRange.expand(pattern));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          web[01:100]   | a zero-padded range needs a begin and an end of the same width, not [01:100]
          web[5:1]      | the range [5:1] begins after it ends
          db-[c:a]      | the range [c:a] begins after it ends
          web[1:x]      | a range is of numbers ([01:20]) or of single letters ([a:c]), not [1:x]
          web[aa:ab]    | a range is of numbers ([01:20]) or of single letters ([a:c]), not [aa:ab]
          web[1]        | a host range is [begin:end] or [begin:end:step], not [1]
          web[1:2:3:4]  | a host range is [begin:end] or [begin:end:step], not [1:2:3:4]
          web[1:]       | the range [1:] has no end
          web[1:5:0]    | the step of a range is a whole number above 0, not 0
          web[1:5:x]    | the step of a range is a whole number above 0, not x
          web[1:3       | a [ without a closing ]
          web1]         | a ] without a [
          web[1:20000]  | the pattern stands for more than 10000 hosts
          a[1:200]b[1:200] | the pattern stands for more than 10000 hosts
          """)
  void aBadRangeSaysWhatIsWrong(String pattern, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HostRange.expand(pattern));
    assertEquals(expected, e.getMessage());
  }
}
