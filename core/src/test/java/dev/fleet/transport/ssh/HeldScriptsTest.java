package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.nginx.script.Scripts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeldScriptsTest {
  private static final String PROBE = "probe() {\nif [ -n \"$1\" ]; then\n  echo \"it's $1\"\nfi\n}\n";
  private static final String WATCH = PROBE + "probe \"$1\"\necho 'watch'\n";
  private static final String VERIFY = PROBE + "probe \"$2\"\nprintf '%s\\n' \"$1\"\n";

  /** "|" stands for a newline; the pieces are separated by "/". */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '~',
      value = {
        "a() {|x|}|b() {|y|}|main|~a() {|x|}|/b() {|y|}|/main|",
        "a() {|x|}|~a() {|x|}|",
        "no function~no function",
        "a() {|  if x; then { y; }; fi|}|main~a() {|  if x; then { y; }; fi|}|/main",
      })
  void cutsAfterEachLineThatClosesAFunction(String script, String pieces) {
    List<String> expected = List.of(pieces.replace('|', '\n').split("/"));
    List<String> cut = HeldScripts.pieces(script.replace('|', '\n'));
    assertEquals(expected, cut);
    assertEquals(script.replace('|', '\n'), String.join("", cut));
  }

  @Test
  void aShellIsSentEachPieceOnceAndNamesItAfter() {
    HeldScripts held = new HeldScripts();
    String first = held.line(request(WATCH, "a"));
    String again = held.line(request(WATCH, "b"));
    String other = held.line(request(VERIFY, "c", "d"));
    assertTrue(first.startsWith("fleet_s0='probe() {"), first);
    assertEquals(
        "fleet_run '30.000' '2.000' 'sh' '-c' \"$fleet_s0$fleet_s1\" 'fleet' 'b'", again);
    assertTrue(other.startsWith("fleet_s2='probe \"$2\""), other);
    assertFalse(other.contains("probe() {"), other);
    assertTrue(other.endsWith("\"$fleet_s0$fleet_s2\" 'fleet' 'c' 'd'"), other);
  }

  @Test
  void anotherShellIsSentEverythingAgain() {
    new HeldScripts().line(request(WATCH, "a"));
    assertTrue(new HeldScripts().line(request(WATCH, "a")).startsWith("fleet_s0='probe() {"));
  }

  @Test
  void aShellStartedWithALibraryIsSentNoneOfItsPieces() {
    HeldScripts held = new HeldScripts(ShellLibrary.of(List.of(WATCH)));
    assertEquals(
        "fleet_run '30.000' '2.000' 'sh' '-c' \"$fleet_s0$fleet_s1\" 'fleet' 'a'", held.line(request(WATCH, "a")));
    String other = held.line(request(VERIFY, "c"));
    assertTrue(other.startsWith("fleet_s2='probe \"$2\""), other);
    assertFalse(other.contains("probe() {"), other);
  }

  @Test
  void piecesPastTheBudgetAreSentInTheirRequests() {
    // Each quote of a piece costs 4 characters in its assignment, 13 once the loop is quoted too.
    String big = "big() {\n" + "'".repeat((ShellLibrary.BUDGET - 100) / 13) + "\n}\n";
    String small = "small() {\n" + "#".repeat(100) + "\n}\n";
    ShellLibrary library = ShellLibrary.of(List.of(big + small + "big\n"));
    assertEquals(List.of(big), List.copyOf(library.held().keySet()));
    assertTrue(
        library.command(false).length() < 128 * 1024,
        "the exec command, one argument of the login shell, stays under Linux's 128 KiB");
    String line = new HeldScripts(library).line(request(big + small + "big\n"));
    assertTrue(line.startsWith("fleet_s1='small() {"), line);
    assertTrue(line.contains("\"$fleet_s0$fleet_s1$fleet_s2\""), line);
  }

  @Test
  void everyPieceOfFleetsScriptsIsHeldFromTheStart() {
    ShellLibrary library = ShellLibrary.of(Scripts.all());
    for (String script : Scripts.all()) {
      assertTrue(library.held().keySet().containsAll(HeldScripts.pieces(script)), "a piece past the budget");
    }
  }

  /**
   * Through the real loop in a local sh: the script each request runs, assembled from what the
   * loop holds, answers as the script run directly does.
   */
  @Test
  void theLoopRunsWhatAnExecWouldRun() throws Exception {
    answersAsExecs(ShellLibrary.EMPTY);
  }

  /** The same with the loop started holding some of the pieces, as the commands start it. */
  @Test
  void theLoopStartedWithALibraryRunsWhatAnExecWouldRun() throws Exception {
    answersAsExecs(ShellLibrary.of(List.of(WATCH)));
  }

  private static void answersAsExecs(ShellLibrary library) throws Exception {
    List<ShellRequest> requests =
        List.of(request(WATCH, "one"), request(WATCH, "two's"), request(VERIFY, "x\ny", "three"), request(WATCH, ""));
    List<String> direct = new ArrayList<>();
    for (ShellRequest r : requests) {
      List<String> argv = new ArrayList<>(List.of("sh", "-c", r.script(), "fleet"));
      argv.addAll(r.args());
      direct.add(run(new ProcessBuilder(argv)));
    }
    Process loop = new ProcessBuilder("sh", "-c", library.loop()).redirectErrorStream(false).start();
    try {
      OutputStream in = loop.getOutputStream();
      BufferedReader out = new BufferedReader(new InputStreamReader(loop.getInputStream(), StandardCharsets.UTF_8));
      in.write("nonce\n".getBytes(StandardCharsets.US_ASCII));
      in.flush();
      assertEquals(ShellFrames.GREETING, out.readLine());
      HeldScripts held = new HeldScripts(library);
      for (int i = 0; i < requests.size(); i++) {
        in.write(PersistentShell.oneLine(held.line(requests.get(i)) + " </dev/null").getBytes(StandardCharsets.UTF_8));
        in.flush();
        StringBuilder answer = new StringBuilder();
        for (String line = out.readLine(); !line.equals("nonce 0"); line = out.readLine()) {
          answer.append(line).append('\n');
        }
        assertEquals(direct.get(i), answer.toString(), "request " + i);
      }
    } finally {
      loop.destroyForcibly();
      assertTrue(loop.waitFor(60, TimeUnit.SECONDS));
    }
  }

  private static ShellRequest request(String script, String... args) {
    return new ShellRequest("30.000", "2.000", script, List.of(args));
  }

  private static String run(ProcessBuilder pb) throws Exception {
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    return out;
  }
}
