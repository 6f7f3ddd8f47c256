package dev.fleet.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** soak.sh run by the local sh with stand-ins for the probe and sleep that say how they were called. */
class SoakScriptTest {

  private static List<String> run(String soak) throws Exception {
    String stubs = "probe() { echo \"probe $*\"; }\nsleep() { echo \"sleep $1\"; }\n";
    Process p =
        new ProcessBuilder(
                "sh", "-c", stubs + Scripts.load("soak.sh"), "soak", "42", soak,
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
            "sleep 2.500",
            "probe /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log quick 512 /usr/sbin/nginx.fleet-backup", ""),
        run("2.500"));
  }

  @Test
  void noSoakNoSleep() throws Exception {
    assertEquals(
        List.of(
            "probe /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log exe:42 512 /usr/sbin/nginx.fleet-backup", "",
            "probe /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log quick 512 /usr/sbin/nginx.fleet-backup", ""),
        run("0"));
  }
}
