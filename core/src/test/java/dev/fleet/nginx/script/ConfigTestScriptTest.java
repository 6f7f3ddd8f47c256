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
    return configTest(help, "return 3");
  }

  /** {@code then}: how the stand-in config test ends, after saying how it was called. */
  private List<String> configTest(String help, String then) throws Exception {
    Path bin = Files.writeString(dir.resolve("nginx"), "#!/bin/sh\n[ \"$1\" = -h ] && echo '" + help + "' >&2\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
    String script =
        "conftest() { echo \"conftest $*\"; " + then + "; }\n"
            + "(\n" + Scripts.load("config-test.sh") + "\n)\necho \"status $?\"\n";
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

  /** The config test leaves the version line in c_version (conftest.sh); the command prints it. */
  @Test
  void aPassingTestPrintsTheVersionLine() throws Exception {
    assertEquals(
        List.of("conftest BIN the running binary -c /etc/nginx/nginx.conf -g daemon on;", "nginx version: nginx/9.9.9", "status 0"),
        configTest("  -c filename", "c_version='nginx version: nginx/9.9.9'; return 0"));
  }

  @Test
  void aBinaryBefore1195WithoutDashEKeepsTheMastersArgumentsOnly() throws Exception {
    assertEquals(
        List.of("conftest BIN the running binary -c /etc/nginx/nginx.conf -g daemon on;", "status 3"),
        configTest("  -c filename   : set configuration file (default: conf/nginx.conf)"));
  }
}
