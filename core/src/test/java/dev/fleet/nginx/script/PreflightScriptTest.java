package dev.fleet.nginx.script;

import static dev.fleet.testing.HostFacts.memoVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** preflight.sh run by the local sh, with a stand-in for the probe that says how it was called. */
class PreflightScriptTest {
  @TempDir Path dir;

  private List<String> preflight(String pidFile) throws Exception {
    return preflight(pidFile, "echo 'nginx version: nginx/1.27.3' >&2");
  }

  /** {@code version}: the stand-in binary's script, run as {@code nginx -v}. */
  private List<String> preflight(String pidFile, String version) throws Exception {
    Path bin = standIn(version);
    String script =
        "probe() { echo \"probe $*\"; pid=; { read -r pid < \"$3\"; } 2>/dev/null; echo \"pidfile $pid\";"
            + " probe_pid=$pid probe_logsize= probe_binaryversion=; }\n"
            + "targets() { echo \"targets $*\"; }\n"
            + Scripts.load("preflight.sh");
    return run(script, "listeners", "4", bin.toString(), "masters", "", pidFile, bin.toString(), "/var/log/e.log", "/b");
  }

  /** The stand-in nginx binary in the test directory: a script of {@code body}. */
  private Path standIn(String body) throws Exception {
    Path bin = Files.writeString(dir.resolve("nginx"), "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
    return bin;
  }

  /** {@code script} run by the local sh with {@code args}: its output lines, stderr included. */
  private static List<String> run(String script, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("sh", "-c", script, "preflight"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  @Test
  void theSnapshotThenArchitectureFreeSpaceVersionAndTheHealthChecksAnswers() throws Exception {
    Path pidFile = Files.writeString(dir.resolve("nginx.pid"), "4242\n");
    List<String> out = preflight(pidFile.toString());
    assertEquals(7, out.size(), out.toString());
    assertEquals("probe masters  " + pidFile + " " + dir.resolve("nginx") + " /var/log/e.log /b", out.get(0));
    assertEquals("pidfile 4242", out.get(1), "the look's own records, passed on");
    assertEquals("arch " + System.getProperty("os.arch").replace("amd64", "x86_64"), out.get(2));
    assertTrue(out.get(3).matches("avail \\d+"), out.get(3));
    assertEquals("version nginx version: nginx/1.27.3", out.get(4));
    assertEquals("fetcher curl", out.get(5), "what a binary_url would be downloaded with (curl is installed here)");
    assertEquals("targets 4242 listeners 4", out.get(6), "the master the look's pid file names");
  }

  @Test
  void onlyTheFirstLineOfWhatTheBinarySaysIsItsVersion() throws Exception {
    Path pidFile = Files.writeString(dir.resolve("nginx.pid"), "4242\n");
    List<String> out = preflight(
        pidFile.toString(), "echo 'nginx version: nginx/1.27.3' >&2\necho 'built by gcc 12.2.0' >&2");
    assertEquals(7, out.size(), out.toString());
    assertEquals("version nginx version: nginx/1.27.3", out.get(4));
    assertTrue(out.get(3).matches("avail \\d+"), out.get(3));
  }

  @Test
  void aBinaryThatSaysNothingHasAnEmptyVersion() throws Exception {
    Path pidFile = Files.writeString(dir.resolve("nginx.pid"), "4242\n");
    List<String> out = preflight(pidFile.toString(), "exit 1");
    assertEquals("version ", out.get(4), out.toString());
  }

  @Test
  void withoutAPidInThePidFileNothingIsAsked() throws Exception {
    Path pidFile = Files.writeString(dir.resolve("nginx.pid"), "oops\n");
    assertEquals(6, preflight(pidFile.toString()).size());
    assertEquals(6, preflight(dir.resolve("missing.pid").toString()).size());
  }

  /**
   * With the real probe (Scripts.preflight, as the host runs it): the binary that is the digest
   * memo's file is not run to ask its version, the memo says it; any other binary is asked.
   */
  @Test
  void theMemosFileIsNotRunToAskItsVersion() throws Exception {
    Path binary = saysItRan();
    Path memo = dir.resolve("digest");
    Files.writeString(memo, ProbeScriptTest.identity(binary) + " " + "c".repeat(64) + " " + memoVersion("nginx version: nginx/9.9.9") + "\n");
    assertEquals(List.of("version nginx version: nginx/9.9.9"), versionWithMemo(binary, memo));
    assertFalse(Files.exists(dir.resolve("ran")), "the binary was run");
  }

  @Test
  void aBinaryThatIsNotTheMemosFileIsAsked() throws Exception {
    Path binary = saysItRan();
    Path memo = dir.resolve("digest");
    Files.writeString(memo, "1:2:3:4.000000000 " + "c".repeat(64) + " " + memoVersion("nginx version: nginx/9.9.9") + "\n");
    assertEquals(List.of("version nginx version: stand-in/1.0"), versionWithMemo(binary, memo));
    assertTrue(Files.exists(dir.resolve("ran")), "the binary was not run");
  }

  private Path saysItRan() throws Exception {
    return standIn("echo ran >> '" + dir.resolve("ran") + "'\necho 'nginx version: stand-in/1.0' >&2");
  }

  /** The version record of the whole preflight command, the health check off and no master. */
  private List<String> versionWithMemo(Path binary, Path memo) throws Exception {
    List<String> out =
        run(Scripts.preflight(), "off", "", binary.toString(), "masters", "", dir.resolve("nginx.pid").toString(),
            binary.toString(), dir.resolve("error.log").toString(), dir.resolve("backup").toString(), memo.toString());
    return out.stream().filter(l -> l.startsWith("version ")).toList();
  }
}
