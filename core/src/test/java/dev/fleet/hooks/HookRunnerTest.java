package dev.fleet.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.UpgradeHooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real {@code /bin/sh} processes on this machine: where a hook runs, what it sees, how it dies. */
class HookRunnerTest {
  @TempDir Path temp;

  private HookRunner runner(Duration timeout) {
    return new HookRunner(temp, timeout, new HookTranscript(temp.resolve("run/transcripts")));
  }

  @Test
  void aHookRunsInTheInventorysDirectoryAndSeesOnlyItsVariables() throws Exception {
    HookResult result =
        runner(Duration.ofMinutes(2))
            .run("before_host", "web1", 1, "pwd > where; echo \"$FLEET_HOST\" > host", Map.of("FLEET_HOST", "web1"));
    assertTrue(result.ok(), String.valueOf(result.reason()));
    assertEquals(temp.toRealPath().toString(), Files.readString(temp.resolve("where")).strip());
    assertEquals("web1", Files.readString(temp.resolve("host")).strip());
  }

  @Test
  void shellSyntaxInAVariableIsNeverRun() throws Exception {
    String name = "web$(touch pwned1);touch pwned2`touch pwned3`";
    HookResult result =
        runner(Duration.ofMinutes(2)).run("before_host", name, 1, "echo \"$FLEET_HOST\" > seen; echo $FLEET_HOST", Map.of("FLEET_HOST", name));
    assertTrue(result.ok(), String.valueOf(result.reason()));
    assertEquals(name, Files.readString(temp.resolve("seen")).strip());
    for (String pwned : List.of("pwned1", "pwned2", "pwned3")) {
      assertFalse(Files.exists(temp.resolve(pwned)), pwned);
    }
  }

  @Test
  void aFailingHookNamesItsExitAndItsLastLines() throws Exception {
    HookResult result =
        runner(Duration.ofMinutes(2)).run("after_batch", null, 2, "for i in 1 2 3 4 5 6 7; do echo line$i; done; echo oops >&2; exit 3", Map.of());
    assertFalse(result.ok());
    assertEquals(3, result.exitCode());
    assertEquals("after_batch failed (exit 3): line4 | line5 | line6 | line7 | oops", result.reason());
    String transcript = Files.readString(temp.resolve("run/transcripts/hooks.log"));
    assertTrue(transcript.contains("after_batch: /bin/sh -c for i in"), transcript);
    assertTrue(transcript.contains("line1\n"), transcript);
  }

  @Test
  void aHookPastItsTimeoutIsKilledWithItsWholeProcessGroup() throws Exception {
    // The hook's child sleeps in the background and the hook waits for it: both must die.
    HookResult result =
        runner(Duration.ofMillis(500))
            .run("before_host", "web1", 1, "sleep 600 & echo $! > child; echo started; wait", Map.of());
    assertFalse(result.ok());
    assertTrue(result.timedOut());
    assertEquals("before_host failed (killed: still running after hook_timeout 500ms): started", result.reason());
    long child = Long.parseLong(Files.readString(temp.resolve("child")).strip());
    assertTrue(gone(child), "the hook's background sleep " + child + " outlived the kill");
  }

  @Test
  void aHookThatCannotStartIsAFailure() throws Exception {
    HookRunner runner = new HookRunner(temp.resolve("missing-dir"), Duration.ofMinutes(2), new HookTranscript(temp.resolve("t")));
    HookResult result = runner.run("before_run", null, 0, "true", Map.of());
    assertFalse(result.ok());
    assertTrue(result.reason().startsWith("before_run failed (could not start: "), result.reason());
  }

  @Test
  void anUnsetHookRunsNothingAndSucceeds() throws Exception {
    List<String> heard = new ArrayList<>();
    Hooks hooks =
        new Hooks(
            new UpgradeHooks(Map.of(), Duration.ofSeconds(30), temp),
            new HookRun("r1", temp.resolve("inventory.yml"), "upgrade", 2, false, temp.resolve("run")),
            new HookObserver() {
              @Override
              public void hookStarted(String hook, String host, int batch) {
                heard.add(hook);
              }
            });
    HookResult result = hooks.beforeRun();
    assertTrue(result.ok());
    assertFalse(result.ran());
    assertEquals(List.of(), heard);
  }

  /** Dead, or a zombie its new parent has not reaped yet; waits at most two minutes (a hang guard). */
  private static boolean gone(long pid) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      Path stat = Path.of("/proc/" + pid + "/stat");
      if (!Files.exists(stat)) {
        return true;
      }
      try {
        String text = Files.readString(stat);
        if (text.substring(text.lastIndexOf(')') + 2).startsWith("Z")) {
          return true;
        }
      } catch (java.io.IOException vanished) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
