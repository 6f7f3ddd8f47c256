package dev.fleet.nginx.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MasterArgumentsTest {

  static Stream<Arguments> titles() {
    return Stream.of(
        Arguments.of("", List.of()),
        Arguments.of("-c /etc/nginx/nginx.conf", List.of("-c", "/etc/nginx/nginx.conf")),
        Arguments.of(
            "-g daemon on; master_process on;", List.of("-g", "daemon on; master_process on;")),
        Arguments.of(
            "-p /srv/ -g worker_processes 4; -c conf/n.conf",
            List.of("-p", "/srv/", "-g", "worker_processes 4;", "-c", "conf/n.conf")),
        Arguments.of("  -q  ", List.of("-q")));
  }

  @ParameterizedTest
  @MethodSource("titles")
  void recoversTheMastersArgumentsFromItsTitle(String title, List<String> expected) {
    assertEquals(expected, MasterArguments.parse(title));
  }
}
