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
 * conftest.sh, run by the local sh as stage.sh runs it (the function conftest, whose version line
 * its caller prints from c_version), with a stand-in binary that answers -v -T as nginx does: its
 * version line on stderr first, then the configuration it is given, or a failed test.
 */
class ConftestScriptTest {
  @TempDir Path dir;

  /** The binary's -T: {@code config} on stdout, or, if null, a failed test. Returns stderr and status. */
  private List<String> conftest(String config) throws Exception {
    return conftest(config, "echo 'nginx version: nginx/9.9.9' >&2\n");
  }

  private List<String> conftest(String config, String start) throws Exception {
    Path conf = Files.writeString(dir.resolve("dump"), config == null ? "" : config);
    Path bin =
        Files.writeString(
            dir.resolve("nginx"),
            "#!/bin/sh\n"
                + "echo \"args: $*\" > \"" + dir.resolve("args") + "\"\n"
                + start
                + (config == null
                    ? "echo 'nginx: [emerg] unknown directive \"foo\"' >&2; exit 1\n"
                    : "cat '" + conf + "'\n"));
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
    String script =
        "conftest() {\n" + Scripts.load("conftest.sh") + "}\n"
            + "conftest \"$1\" 'the new binary' -c /etc/nginx/nginx.conf -g 'pid /run/n.pid;'; st=$?\n"
            + "[ \"$st\" != 0 ] || printf '%s\\n' \"$c_version\"; echo \"status $st\" >&2\n";
    Process p = new ProcessBuilder("sh", "-c", script, "conftest-test", bin.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    assertEquals(
        "args: -v -T -q -c /etc/nginx/nginx.conf -g pid /run/n.pid;\n", Files.readString(dir.resolve("args")));
    List<String> lines = new java.util.ArrayList<>(out.lines().map(l -> "out " + l).toList());
    lines.addAll(err.lines().toList());
    return lines;
  }

  @Test
  void aConfigurationThatPassesAndStaysDaemonized() throws Exception {
    assertEquals(
        List.of("out nginx version: nginx/9.9.9", "status 0"),
        conftest("# configuration file /etc/nginx/nginx.conf:\n# daemon off;\nworker_processes 2;\ndaemon on;\n"),
        "only the version line leaves: the dump stays inside");
  }

  @Test
  void daemonOffAnywhereInTheDumpIsRefused() throws Exception {
    List<String> err = conftest("events {}\n# configuration file /etc/nginx/conf.d/x.conf:\n   daemon   off ;\n");
    assertEquals(
        List.of(
            "the configuration says \"daemon off;\": nginx ignores USR2 from a master that is not daemonized",
            "status 3"),
        err);
  }

  @Test
  void aFailedTestSaysNginxsReasonThenOurs() throws Exception {
    assertEquals(
        List.of(
            "nginx: [emerg] unknown directive \"foo\"",
            "the new binary rejects the running configuration (nginx -t failed)",
            "status 3"),
        conftest(null));
  }

  /** Without a version line (it failed before nginx's main ran), everything it said is the reason. */
  @Test
  void aBinaryThatSaysNoVersionKeepsAllItSaid() throws Exception {
    assertEquals(
        List.of(
            "nginx: [emerg] unknown directive \"foo\"",
            "the new binary rejects the running configuration (nginx -t failed)",
            "status 3"),
        conftest(null, ""));
  }
}
