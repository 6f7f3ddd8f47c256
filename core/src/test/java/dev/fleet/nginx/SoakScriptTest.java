package dev.fleet.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * soak.sh run by the local sh with stand-ins for the probe, the health check and sleep that say
 * how they were called.
 */
class SoakScriptTest {
  private static final String HEALTHY = "health() { echo \"health $*\" >&2; }\n";

  private static List<String> run(String soak) throws Exception {
    return run(soak, HEALTHY);
  }

  private static List<String> run(String soak, String health) throws Exception {
    String stubs = "probe() { echo \"probe $*\"; }\nsleep() { echo \"sleep $1\"; }\n" + health;
    Process p =
        new ProcessBuilder(
                "sh", "-c", stubs + Scripts.load("soak.sh"), "soak", "42", soak, "http://127.0.0.1/up", "204",
                "/run/nginx.pid", "/usr/sbin/nginx", "/var/log/nginx/error.log", "quick", "512", "/usr/sbin/nginx.fleet-backup")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out.lines().toList();
  }

  @Test
  void theMastersDigestFirstThenAfterTheSoakTheProcessesAgain() throws Exception {
    assertEquals(
        List.of(
            "probe /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log exe:42 512 /usr/sbin/nginx.fleet-backup", "",
            "health ok", "",
            "sleep 2.500",
            "probe /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log quick 512 /usr/sbin/nginx.fleet-backup", ""),
        run("2.500"));
  }

  @Test
  void noSoakNoSleep() throws Exception {
    assertEquals(
        List.of(
            "probe /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log exe:42 512 /usr/sbin/nginx.fleet-backup", "",
            "health ok", "",
            "probe /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log quick 512 /usr/sbin/nginx.fleet-backup", ""),
        run("0"));
  }

  @Test
  void theHealthCheckGetsTheUrlAndStatus() throws Exception {
    String health = "health() { [ \"$1 $2\" = 'http://127.0.0.1/up 204' ] || { echo \"got $*\" >&2; return 1; }; }\n";
    assertEquals("health ok", run("0", health).get(2));
  }

  @Test
  void aFailedHealthCheckIsOneRecordSayingWhy() throws Exception {
    String health = "health() { echo 'curl said one thing' >&2; echo 'and another' >&2; return 3; }\n";
    List<String> out = run("0", health);
    assertEquals(List.of("health failed curl said one thing and another", ""), out.subList(2, 4));
    assertEquals(6, out.size(), "the second look still follows: " + out);
  }
}
