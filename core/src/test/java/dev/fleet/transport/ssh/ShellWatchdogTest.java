package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persistent shell's deadline on the host, through the real boot, watchdog and loop in local
 * processes: with bash, a request is the loop's own child (no timeout(1) between), one past its
 * deadline is stopped with everything it started and answered as timeout(1) would, and the loop
 * goes on; a watchdog killed ends the shell; without bash, requests go under timeout(1). Deadlines
 * here are far shorter than what the requests would take; nothing is timed, the class's timeout
 * only fails a hang.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ShellWatchdogTest {
  /** The names of the request's parent and grandparent, read with builtins only. */
  private static final String PARENTS =
      "read -r c < /proc/$PPID/comm; read -r s < /proc/$PPID/stat; s=${s##*) }; set -- $s;"
          + " read -r g < /proc/$2/comm; echo \"$c $g $PPID $2\"";

  /** Hangs with a child of its own, whose pid it writes to the file $1. */
  private static final String HANGS = "sleep 300 & echo $! > \"$1\"; wait";

  @TempDir Path dir;

  @Test
  void withBashARequestIsTheLoopsOwnChildAndTheWatchdogIsTheLoopsParent() throws Exception {
    try (Loop loop = Loop.boot(null)) {
      String[] parents = loop.ask("30", "2", PARENTS).stdout().strip().split(" ");
      assertEquals("sh", parents[0], "no timeout(1) between the loop and the request");
      assertEquals("bash", parents[1]);
    }
  }

  @Test
  void aRequestPastItsDeadlineIsStoppedWithWhatItStartedAndTheLoopGoesOn() throws Exception {
    Path pid = dir.resolve("child.pid");
    try (Loop loop = Loop.boot(null)) {
      String before = loop.ask("30", "2", PARENTS).stdout();
      Answer hung = loop.ask("0.3", "30", HANGS, pid.toString());
      assertEquals(124, hung.status(), hung.toString());
      assertTrue(TestProcesses.gone(Files.readString(pid).strip()), "the request's child still runs");
      assertEquals(before, loop.ask("30", "2", PARENTS).stdout(), "the same loop answers next");
      assertEquals(new Answer(3, "in time\n"), loop.ask("30", "2", "echo in time; exit 3"));
    }
  }

  @Test
  void aRequestThatIgnoresTermIsKilledAfterTheGraceWith137() throws Exception {
    Path pid = dir.resolve("stubborn.pid");
    try (Loop loop = Loop.boot(null)) {
      // Its child inherits the ignored TERM: only KILL ends either.
      Answer hung = loop.ask("0.3", "0.3", "trap '' TERM; sleep 300 & echo $! > \"$1\"; while :; do wait; done", pid.toString());
      assertEquals(137, hung.status(), hung.toString());
      assertTrue(TestProcesses.gone(Files.readString(pid).strip()), "the request's child still runs");
      assertEquals(new Answer(0, "next\n"), loop.ask("30", "2", "echo next"));
    }
  }

  /** As when the loop itself dies: the request is lost, and no loop goes on without a clock. */
  @Test
  void aWatchdogKilledUnderARequestEndsTheShell() throws Exception {
    try (Loop loop = Loop.boot(null)) {
      String[] parents = loop.ask("30", "2", PARENTS).stdout().strip().split(" ");
      assertTrue(loop.endsWithoutAnswer("kill -9 \"$1\"; echo killed", parents[3]));
      assertTrue(TestProcesses.gone(parents[2]), "the loop runs on without its watchdog");
    }
  }

  @Test
  void withoutBashTheLoopRunsAloneUnderTimeout() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : List.of("sh", "timeout", "sleep")) {
      // Copies, not links: the class's TempDir would warn about links to outside it.
      Files.copy(Path.of(which(tool)), bin.resolve(tool), StandardCopyOption.COPY_ATTRIBUTES);
    }
    Path pid = dir.resolve("nobash.pid");
    try (Loop loop = Loop.boot(bin.toString())) {
      String[] parents = loop.ask("30", "2", PARENTS).stdout().strip().split(" ");
      assertEquals("timeout", parents[0]);
      assertNotEquals("bash", parents[1]);
      Answer hung = loop.ask("0.3", "30", HANGS, pid.toString());
      assertEquals(124, hung.status(), hung.toString());
      assertTrue(TestProcesses.gone(Files.readString(pid).strip()), "the request's child still runs");
    }
  }

  private static String which(String tool) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", "command -v \"$1\"", "sh", tool).start();
    String path = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertTrue(path.startsWith("/"), tool + " not found");
    return Path.of(path).toRealPath().toString();
  }

  record Answer(int status, String stdout) {}

  /** The channel's end of one shell, started as the channel starts it, stderr to a file. */
  private static final class Loop implements AutoCloseable {
    private static final String NONCE = "0123abcd";
    private final Process process;
    private final OutputStream in;
    private final BufferedReader out;
    private final HeldScripts held = new HeldScripts();

    private Loop(Process process) {
      this.process = process;
      this.in = process.getOutputStream();
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The boot as the channel runs it; with {@code path}, that PATH only. */
    static Loop boot(String path) throws IOException {
      ProcessBuilder pb =
          new ProcessBuilder(
              "sh", "-c", ShellWatchdog.BOOT, "fleet", PersistentShell.LOOP, ShellWatchdog.WATCHDOG);
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      if (path != null) {
        pb.environment().put("PATH", path);
      }
      Loop loop = new Loop(pb.start());
      loop.in.write((NONCE + "\n").getBytes(StandardCharsets.US_ASCII));
      loop.in.flush();
      assertEquals(ShellFrames.GREETING, loop.out.readLine());
      return loop;
    }

    Answer ask(String deadline, String grace, String script, String... args) throws IOException {
      Answer answer = answer(deadline, grace, script, args);
      if (answer == null) {
        throw new AssertionError("the shell ended");
      }
      return answer;
    }

    /** True if the shell's stdout ends before the request's answer. */
    boolean endsWithoutAnswer(String script, String... args) throws IOException {
      try {
        return answer("30", "2", script, args) == null;
      } catch (IOException closed) {
        return true; // the process ended and its streams with it
      }
    }

    private Answer answer(String deadline, String grace, String script, String... args) throws IOException {
      ShellRequest request = new ShellRequest(deadline, grace, script, List.of(args));
      in.write(PersistentShell.oneLine(held.line(request) + " </dev/null").getBytes(StandardCharsets.UTF_8));
      in.flush();
      List<String> lines = new ArrayList<>();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(NONCE + " ")) {
          return new Answer(Integer.parseInt(line.substring(NONCE.length() + 1)), lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
        }
        lines.add(line);
      }
      return null;
    }

    @Override
    public void close() throws IOException, InterruptedException {
      try {
        in.close(); // as the channel's end: the loop ends, and the watchdog with it
      } catch (IOException alreadyEnded) {
        // the process ended first
      }
      boolean ended = process.waitFor(60, TimeUnit.SECONDS);
      process.destroyForcibly();
      assertTrue(ended, "the shell did not end with its stdin");
    }
  }
}
