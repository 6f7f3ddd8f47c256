package dev.fleet.nginx.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config-test.sh (fleet plan and check) run by the local sh with a stand-in for the config test
 * that says how it was called, and a stand-in binary whose -h lists -e or not.
 */
class ConfigTestScriptTest {
  @TempDir Path dir;

  private List<String> configTest(String help) throws Exception {
    Path bin = Files.writeString(dir.resolve("nginx"), "#!/bin/sh\n[ \"$1\" = -h ] && echo '" + help + "' >&2\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
    String script = "conftest() { echo \"conftest $*\"; return 3; }\n" + Scripts.load("config-test.sh") + "\necho \"status $?\"\n";
    Process p =
        new ProcessBuilder("sh", "-c", script, "config-test", bin.toString(), "-c", "/etc/nginx/nginx.conf", "-g", "daemon on;")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out.lines().map(l -> l.replace(bin.toString(), "BIN")).toList();
  }

  /** -e stderr: a failed test's [emerg] lines go to its output, not the host's error log. */
  @Test
  void theRunningBinaryTestsWithTheMastersArgumentsAndItsLogOnStderr() throws Exception {
    assertEquals(
        List.of("conftest BIN the running binary -c /etc/nginx/nginx.conf -g daemon on; -e stderr", "status 3"),
        configTest("  -e filename   : set error log file (default: /var/log/nginx/error.log)"));
  }

  @Test
  void aBinaryBefore1195WithoutDashEKeepsTheMastersArgumentsOnly() throws Exception {
    assertEquals(
        List.of("conftest BIN the running binary -c /etc/nginx/nginx.conf -g daemon on;", "status 3"),
        configTest("  -c filename   : set configuration file (default: conf/nginx.conf)"));
  }
}
