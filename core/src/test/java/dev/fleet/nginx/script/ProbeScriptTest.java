package dev.fleet.nginx.script;

import static dev.fleet.testing.HostFacts.memoVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.nginx.probe.ProbeMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * probe.sh's error log reading, run by the local sh as watch.sh runs it: as a function called
 * again and again in one shell. tail stands in with a function that counts the scans.
 */
class ProbeScriptTest {
  @TempDir Path dir;

  private List<String> lookTwice(Path log, String between) throws Exception {
    String script =
        "scans=$1/scans\n"
            + "tail() { echo scan >> \"$scans\"; command tail \"$@\"; }\n"
            + "probe() {\n" + Scripts.load("probe.sh") + "}\n"
            // Called directly, not in a pipeline, as in watch.sh: its variables live on.
            + "probe quick 13 \"$1/nginx.pid\" /nonexistent/nginx \"$1/error.log\" \"\" > \"$1/first\"\n"
            + between + "\n"
            + "probe quick 13 \"$1/nginx.pid\" /nonexistent/nginx \"$1/error.log\" \"\" > \"$1/second\"\n"
            + "cat \"$1/scans\" 2>/dev/null; grep -h -E '^(errorlog|logline)' \"$1/first\" \"$1/second\"\n";
    return run(script);
  }

  @Test
  void aLogThatDidNotChangeIsNotScannedAgain() throws Exception {
    Path log = Files.writeString(dir.resolve("error.log"), "old [notice] start\nnew [crit] boom\n");
    assertEquals(
        List.of("scan", "errorlog 35", "logline new [crit] boom", "errorlog 35", "logline new [crit] boom"),
        lookTwice(log, ":"));
  }

  @Test
  void aLogThatGrewIsScannedAgainFromTheSameOffset() throws Exception {
    Path log = Files.writeString(dir.resolve("error.log"), "old [notice] start\nnew [notice] up\n");
    assertEquals(
        List.of("scan", "scan", "errorlog 35", "errorlog 50", "logline late [alert] x"),
        lookTwice(log, "echo 'late [alert] x' >> \"$1/error.log\""));
  }

  @Test
  void theFirstFiveAlarmingLinesAreReportedAsTheyWereWritten() throws Exception {
    StringBuilder text = new StringBuilder("old [notice] x\n");
    for (int i = 1; i <= 7; i++) {
      text.append("2026/12/02 [").append(i % 2 == 0 ? "emerg" : "crit").append("] line ").append(i).append(" $HOME `x` \\\n");
      text.append("fine [notice] ").append(i).append("\n");
    }
    Path log = Files.writeString(dir.resolve("error.log"), text.toString());
    List<String> seen = lookTwice(log, ":");
    List<String> expected = new java.util.ArrayList<>(List.of("scan", "errorlog " + Files.size(log)));
    for (int i = 1; i <= 5; i++) {
      expected.add("logline 2026/12/02 [" + (i % 2 == 0 ? "emerg" : "crit") + "] line " + i + " $HOME `x` \\");
    }
    assertEquals(expected, seen.subList(0, 7));
  }

  /**
   * One quick look from offset 13, tail and grep standing in with functions that note each call:
   * the calls, sorted, then the look's logline records.
   */
  private List<String> lookCountingCommands() throws Exception {
    String script =
        "calls=$1/calls\n"
            + "tail() { echo tail >> \"$calls\"; command tail \"$@\"; }\n"
            + "grep() { echo grep >> \"$calls\"; command grep \"$@\"; }\n"
            + "probe() {\n" + Scripts.load("probe.sh") + "}\n"
            + "probe quick 13 \"$1/nginx.pid\" /nonexistent/nginx \"$1/error.log\" \"\" > \"$1/look\"\n"
            // sorted: in a pipe, tail and grep note their calls in either order
            + "sort \"$1/calls\" 2>/dev/null; command grep -h -E '^logline' \"$1/look\"\n";
    return run(script);
  }

  /** The usual case, a new master's notices: what was written is read once, and grep never runs. */
  @Test
  void aFewNewLinesWithNothingAlarmingCostOnlyTheirRead() throws Exception {
    Files.writeString(dir.resolve("error.log"), "old [crit] x\n2026/12/04 [notice] 7#7: start worker processes\n");
    assertEquals(List.of("tail"), lookCountingCommands());
  }

  @Test
  void aFewNewLinesWithAnAlarmingOneAreReadOnceAndSearched() throws Exception {
    Files.writeString(dir.resolve("error.log"), "old [crit] x\nup [notice] a\nbad [emerg] b\n");
    assertEquals(List.of("grep", "tail", "logline bad [emerg] b"), lookCountingCommands());
  }

  /** More than 64 KiB since the offset streams through grep rather than into a shell variable. */
  @Test
  void muchWrittenSinceTheOffsetStreamsThroughGrepAndItsLastLineCounts() throws Exception {
    Files.writeString(
        dir.resolve("error.log"), "old [crit] x\n" + "busy [warn] upstream slow\n".repeat(4000) + "late [alert] c\n");
    assertEquals(List.of("grep", "tail", "logline late [alert] c"), lookCountingCommands());
  }

  @Test
  void nothingWrittenAfterTheOffsetIsNeverScanned() throws Exception {
    Path log = Files.writeString(dir.resolve("error.log"), "old [crit] x\n");
    assertEquals(List.of("errorlog 13", "errorlog 13"), lookTwice(log, ":"));
  }

  /** Each mode's word is one probe.sh reads: the records it prints besides processes tell them apart. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "LEAN,    pidfile oldbin",
    "QUICK,   pidfile oldbin pidchange errorlog",
    "MASTERS, pidfile oldbin pidchange errorlog binary",
    "DIGESTS, pidfile oldbin pidchange errorlog binary backup",
  })
  void eachProbeModeIsAWordProbeShReads(ProbeMode mode, String records) throws Exception {
    Files.writeString(dir.resolve("error.log"), "");
    Files.writeString(dir.resolve("backup"), "kept");
    Process p =
        new ProcessBuilder(
                "sh", "-c", Scripts.load("probe.sh"), "probe", mode.word(), "", dir.resolve("nginx.pid").toString(),
                "/nonexistent/nginx", dir.resolve("error.log").toString(), dir.resolve("backup").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    List<String> kinds = List.of("pidfile", "oldbin", "pidchange", "errorlog", "binary", "backup");
    assertEquals(
        Arrays.asList(records.strip().split(" ")),
        out.lines().map(l -> l.split(" ", 2)[0]).filter(kinds::contains).toList(),
        out);
  }

  /** The pid file's change time and the log's size come from one stat; either file may be missing. */
  @Test
  void pidFileChangeTimeAndLogSizeEachFileOnItsOwn() throws Exception {
    String script =
        "probe() {\n" + Scripts.load("probe.sh") + "}\n"
            + "probe quick '' \"$1/nginx.pid\" /nonexistent/nginx \"$1/error.log\" ''\n"
            + "echo 7 > \"$1/nginx.pid\"\n"
            + "probe quick '' \"$1/nginx.pid\" /nonexistent/nginx \"$1/error.log\" ''\n"
            + "printf 'abc' > \"$1/error.log\"; rm \"$1/nginx.pid\"\n"
            + "probe quick '' \"$1/nginx.pid\" /nonexistent/nginx \"$1/error.log\" ''\n";
    List<String> out = linesOf(script, "pidfile", "pidchange", "errorlog");
    assertEquals(9, out.size(), out.toString());
    assertEquals(List.of("pidfile ", "pidchange ", "errorlog "), out.subList(0, 3), "neither file");
    assertEquals("pidfile 7", out.get(3));
    assertTrue(out.get(4).matches("pidchange \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ [+-]\\d{4}"), out.get(4));
    assertEquals("errorlog ", out.get(5), "no log yet");
    assertEquals(List.of("pidfile ", "pidchange ", "errorlog 3"), out.subList(6, 9), "only the log");
  }

  /** Preflight's look hashes the binary but not the backup: only status and recovery need that. */
  @Test
  void mastersModeHashesTheBinaryNotTheBackup() throws Exception {
    Files.writeString(dir.resolve("nginx"), "binary");
    Files.writeString(dir.resolve("nginx.fleet-backup"), "backup");
    String script =
        "probe() {\n" + Scripts.load("probe.sh") + "}\n"
            + "for mode in masters digests; do echo \"mode $mode\";"
            + " probe $mode '' \"$1/nginx.pid\" \"$1/nginx\" \"$1/error.log\" \"$1/nginx.fleet-backup\"; done\n";
    List<String> out = linesOf(script, "mode", "binary", "backup");
    assertEquals(5, out.size(), out.toString());
    assertEquals("mode masters", out.get(0));
    assertTrue(out.get(1).startsWith("binary ") && out.get(1).length() == "binary ".length() + 64, out.get(1));
    assertEquals("mode digests", out.get(2));
    assertEquals(out.get(1), out.get(3), "the same binary digest");
    assertTrue(out.get(4).startsWith("backup ") && !out.get(4).equals("backup " + out.get(1).substring(7)), out.get(4));
  }

  /**
   * nginx renames the pid file to .oldbin at USR2. A look that read the pid file before the rename
   * and .oldbin after it saw the old pid in both, which no state explains (recovery called such a
   * host "stale .oldbin" and left it for a person). The pid file is a FIFO here, so each read of it
   * waits for the test to answer: the first answer is the old pid, every later one is empty (the
   * file renamed away), and .oldbin holds the old pid throughout.
   */
  @Test
  void aLookThatStraddlesTheRenameReadsBothFilesAgain() throws Exception {
    Path pid = dir.resolve("nginx.pid");
    Files.writeString(dir.resolve("nginx.pid.oldbin"), "100\n");
    assertEquals(0, new ProcessBuilder("mkfifo", pid.toString()).start().waitFor());
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    Thread nginx =
        new Thread(
            () -> {
              // Each open waits for the look to open the file for its next read.
              for (boolean first = true; !done.get(); first = false) {
                try (java.io.OutputStream answer = Files.newOutputStream(pid)) {
                  if (first) {
                    answer.write("100\n".getBytes(StandardCharsets.US_ASCII));
                  }
                } catch (java.io.IOException e) {
                  return;
                }
              }
            },
            "renaming-nginx");
    nginx.setDaemon(true);
    nginx.start();
    String script =
        "probe() {\n" + Scripts.load("probe.sh") + "}\n"
            + "probe lean '' \"$1/nginx.pid\" /nonexistent/nginx \"$1/error.log\" ''\n";
    List<String> out = linesOf(script, "pidfile", "oldbin");
    done.set(true);
    // An open for reading and writing never waits, and it ends an open that waits for a reader.
    long guard = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (nginx.isAlive() && System.nanoTime() < guard) {
      new java.io.RandomAccessFile(pid.toFile(), "rw").close();
      nginx.join(10);
    }
    assertTrue(!nginx.isAlive(), "the answering thread ended");
    assertEquals(List.of("pidfile ", "oldbin 100"), out, "the rename half-done: USR2 was just sent");
  }

  /**
   * The digest memo stage.sh writes: a master whose executable has the memo's identity (device,
   * inode, size, ctime) gets the memo's digest without a hash. The fake digest here proves where
   * the answer came from; a chmod (a new ctime), a malformed digest, or a memo that is not the
   * probe user's own each send the look back to hashing the file.
   */
  @Test
  void aMasterWhoseExecutableIsTheMemosFileGetsTheMemosDigest() throws Exception {
    Path nginx = dir.resolve("nginx");
    Files.copy(Path.of("/bin/sleep"), nginx);
    String real = sha256(nginx);
    Path memo = dir.resolve("digest");
    Process master = fakeMaster(nginx);
    try {
      String exe = "exe:" + master.pid();
      String fake = "a".repeat(64);
      Files.writeString(memo, identity(nginx) + " " + fake + "\n");
      assertEquals(List.of("exe " + master.pid() + " " + fake), look(exe, "exe "), "the memo's file runs");

      Files.writeString(memo, identity(nginx) + " " + "A".repeat(64) + "\n");
      assertEquals(List.of("exe " + master.pid() + " " + real), look(exe, "exe "), "not a digest: hashed");

      Files.writeString(memo, identity(nginx) + " " + fake + "\n");
      assertEquals(0, new ProcessBuilder("chown", "65534", memo.toString()).start().waitFor(), "tests run as root");
      assertEquals(List.of("exe " + master.pid() + " " + real), look(exe, "exe "), "someone else's memo: hashed");

      Files.delete(memo);
      Files.writeString(memo, identity(nginx) + " " + fake + "\n");
      assertEquals(0, new ProcessBuilder("chmod", "700", nginx.toString()).start().waitFor());
      assertEquals(List.of("exe " + master.pid() + " " + real), look(exe, "exe "), "a new ctime: hashed");
    } finally {
      master.destroyForcibly().waitFor();
    }
  }

  /**
   * Preflight's look: the binary on disk gets the memo's digest too, and its version, when it is
   * the memo's file; a memo written before versions were kept gives the digest alone.
   */
  @Test
  void theBinaryOnDiskThatIsTheMemosFileGetsTheMemosDigestAndVersion() throws Exception {
    Path binary = Files.writeString(dir.resolve("nginx"), "binary");
    Path memo = dir.resolve("digest");
    String fake = "b".repeat(64);
    Files.writeString(memo, identity(binary) + " " + fake + " " + memoVersion("nginx version: nginx/9.9.9") + "\n");
    assertEquals(
        List.of("binary " + fake, "binaryversion nginx version: nginx/9.9.9"),
        look("masters", "binary"),
        "the memo's file");
    Files.writeString(memo, identity(binary) + " " + fake + " 26 nginx version: ng\n");
    assertEquals(List.of("binary " + fake), look("masters", "binary"), "a torn version");
    Files.writeString(memo, identity(binary) + " " + fake + "\n");
    assertEquals(List.of("binary " + fake), look("masters", "binary"), "a memo with no version");
    Files.writeString(binary, "changed");
    assertEquals(List.of("binary " + sha256(binary)), look("masters", "binary"), "written since: hashed");
  }

  /**
   * One look in {@code mode} at the test directory's nginx and digest memo: its records of
   * {@code kind}. The machine's own nginx masters (a sandbox's, say) are in the look too.
   */
  private List<String> look(String mode, String kind) throws Exception {
    return linesOf(
        "probe() {\n" + Scripts.load("probe.sh") + "}\n"
            + "probe '" + mode + "' '' \"$1/nginx.pid\" \"$1/nginx\" \"$1/error.log\" \"$1/backup\" \"$1/digest\"\n",
        kind);
  }

  /** A process named like nginx's master (comm "nginx", the title nginx gives its master). */
  private static Process fakeMaster(Path executable) throws Exception {
    Process p =
        new ProcessBuilder("bash", "-c", "exec -a 'nginx: master process fake' \"$0\" 600", executable.toString()).start();
    Path comm = Path.of("/proc/" + p.pid() + "/comm");
    long guard = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    // bash has exec'd the copy once its process bears the copy's name; the deadline only fails a hang.
    while (!Files.readString(comm).strip().equals("nginx")) {
      assertTrue(System.nanoTime() < guard && p.isAlive(), "the fake master did not start");
      Thread.onSpinWait();
    }
    return p;
  }

  /** What stage.sh writes of a file into the memo. */
  static String identity(Path file) throws Exception {
    Process p = new ProcessBuilder("stat", "-L", "-c", "%d:%i:%s:%.9Z", "--", file.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor());
    return out;
  }

  private static String sha256(Path file) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  /** {@code script}'s output lines (see {@link #run}) that start with one of {@code keys}. */
  private List<String> linesOf(String script, String... keys) throws Exception {
    return run(script).stream().filter(l -> Arrays.stream(keys).anyMatch(l::startsWith)).toList();
  }

  /** Runs {@code script} with the test directory as $1; all its output lines, stderr included. */
  private List<String> run(String script) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script, "probe-test", dir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out.lines().toList();
  }
}
