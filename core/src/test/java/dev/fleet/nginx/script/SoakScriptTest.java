package dev.fleet.nginx.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.transport.RecordStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * soak.sh, with the real ask.sh as its function ask, run by the local sh with stand-ins for the
 * probe, the health check's functions and sleep that say how they were called.
 */
class SoakScriptTest {
  private static final String STUBS =
      "probe() { echo \"probe $*\"; }\nsleep() { echo \"sleep $1\"; }\ntargets() { echo \"targets $*\"; }\n";
  private static final String ANSWERS_200 = "answer() { echo 200; }\n";

  /** Asked for every record, as fleet asks when each one passes. */
  private static List<String> run(String soak, String answer, String ask, String with) throws Exception {
    return run(soak, answer, ask, with, RecordStream.MORE + "\n" + RecordStream.MORE + "\n");
  }

  private static List<String> run(String soak, String answer, String ask, String with, String asks) throws Exception {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "sh", "-c", STUBS + answer + "ask() {\n" + Scripts.load("ask.sh") + "}\n" + Scripts.load("soak.sh"), "soak", "42", soak, ask, with, "512",
                "/run/nginx.pid", "/usr/sbin/nginx", "/var/log/nginx/error.log", "/usr/sbin/nginx.fleet-backup"));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(asks.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out.lines().toList();
  }

  @Test
  void theMastersDigestFirstThenAfterTheSoakTheProcessesAgain() throws Exception {
    assertEquals(
        List.of(
            "probe exe:42 512 /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log /usr/sbin/nginx.fleet-backup", "",
            "health", "targets 42 url http://127.0.0.1/up", "",
            "sleep 2.500",
            "probe quick 512 /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log /usr/sbin/nginx.fleet-backup", ""),
        run("2.500", ANSWERS_200, "url", "http://127.0.0.1/up"));
  }

  @Test
  void aStopAfterTheHealthCheckEndsItBeforeTheSoak() throws Exception {
    assertEquals(
        List.of(
            "probe exe:42 512 /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log /usr/sbin/nginx.fleet-backup", "",
            "health", "targets 42 url http://127.0.0.1/up", ""),
        run("2.500", ANSWERS_200, "url", "http://127.0.0.1/up", RecordStream.MORE + "\n" + RecordStream.STOP + "\n"));
  }

  @Test
  void theEndOfItsInputEndsItAfterTheFirstRecord() throws Exception {
    assertEquals(
        List.of("probe exe:42 512 /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log /usr/sbin/nginx.fleet-backup", ""),
        run("2.500", ANSWERS_200, "url", "http://127.0.0.1/up", ""));
  }

  @Test
  void noSoakNoSleep() throws Exception {
    assertEquals(
        List.of(
            "probe exe:42 512 /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log /usr/sbin/nginx.fleet-backup", "",
            "health", "targets 42 url http://127.0.0.1/up", "",
            "probe quick 512 /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log /usr/sbin/nginx.fleet-backup", ""),
        run("0", ANSWERS_200, "url", "http://127.0.0.1/up"));
  }

  @Test
  void theAddressesPreflightFoundAreAskedWithoutCertificateChecks() throws Exception {
    String answer = "answer() { [ \"$2\" = insecure ] || return 9; case $1 in http:*) echo 200 ;; *) echo 404 ;; esac; }\n";
    assertEquals(
        List.of("health", "answer http://127.0.0.1:80/ 200", "answer https://[::1]:443/ 404", ""),
        run("0", answer, "insecure", "http://127.0.0.1:80/\nhttps://[::1]:443/").subList(2, 6));
  }

  @Test
  void withoutPreflightsAnswersTheNewMastersOwnListenersAreAsked() throws Exception {
    assertEquals(List.of("health", "targets 42 listeners 4", ""), run("0", ANSWERS_200, "listeners", "4").subList(2, 5));
  }

  @Test
  void healthCheckOffAsksNothing() throws Exception {
    List<String> out = run("0", ANSWERS_200, "off", "");
    assertEquals(List.of("health", ""), out.subList(2, 4));
    assertEquals(6, out.size(), "the second look still follows: " + out);
  }

  @Test
  void noAddressAnsweredInPreflightAsksNothing() throws Exception {
    String answer = "answer() { echo \"asked '$1'\"; }\n";
    List<String> out = run("0", answer, "insecure", "");
    assertEquals(List.of("health", ""), out.subList(2, 4), out.toString());
    assertEquals(6, out.size(), "the second look still follows: " + out);
  }

  @Test
  void anAddressThatCannotBeAskedIsOneLineSayingWhy() throws Exception {
    String answer = "answer() { echo 'curl said one thing' >&2; echo 'and another' >&2; return 4; }\n";
    List<String> out = run("0", answer, "insecure", "http://127.0.0.1:80/\nhttp://127.0.0.1:81/");
    assertEquals(List.of("health", "answer-error curl said one thing and another", ""), out.subList(2, 5));
    assertEquals(7, out.size(), "the second look still follows: " + out);
  }
}
