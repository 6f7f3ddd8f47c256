package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bench scripts build offline first and quietly: a failed offline attempt shows nothing when
 * the online build then works. Each script runs from a copy of bench/ with stand-ins for mvn
 * (failing offline or online as told, logging its calls) and java, so nothing is built or timed.
 */
class BenchScriptsTest {
  private static final Path BENCH = Path.of("..", "bench");

  @TempDir Path root;
  private Path bin;
  private Path calls;

  @BeforeEach
  void aCheckoutWithStandIns() throws Exception {
    Files.createDirectories(root.resolve("bench"));
    for (String script : List.of("connect", "crypto", "exec", "rollout", "maven-offline-first")) {
      Files.copy(BENCH.resolve(script), root.resolve("bench").resolve(script), StandardCopyOption.COPY_ATTRIBUTES);
    }
    Files.createDirectories(root.resolve("core/target"));
    bin = Files.createDirectories(root.resolve("bin"));
    calls = root.resolve("mvn-calls");
    executable(
        "mvn",
        "echo \"mvn $*\" >> \"$MVN_CALLS\"",
        "mode=online",
        "for a in \"$@\"; do [ \"$a\" = -o ] && mode=offline; done",
        "if [ \"$mode\" = \"$MVN_FAILS\" ] || [ \"$MVN_FAILS\" = both ]; then",
        "  echo \"[ERROR] Failed to execute goal ($mode)\"; exit 1",
        "fi",
        "for a in \"$@\"; do case $a in -Dmdep.outputFile=*) echo /fake.jar > \"${a#*=}\";; esac; done");
    executable("java", "echo \"java ran\"");
  }

  private void executable(String name, String... lines) throws Exception {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
    assertTrue(file.toFile().setExecutable(true));
  }

  private record Ran(int exit, String output, List<String> mvnCalls) {}

  private Ran run(String script, String mvnFails) throws Exception {
    if (script.equals("rollout")) {
      // Without /usr/bin/time the script would install it; this test installs nothing.
      assumeTrue(Files.isExecutable(Path.of("/usr/bin/time")), "/usr/bin/time is not installed");
    }
    ProcessBuilder builder = new ProcessBuilder("sh", root.resolve("bench").resolve(script).toString()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("PATH", bin + ":" + env.get("PATH"));
    env.put("MVN_CALLS", calls.toString());
    env.put("MVN_FAILS", mvnFails);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), script + " did not end");
    return new Ran(process.exitValue(), output, Files.exists(calls) ? Files.readAllLines(calls) : List.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"connect", "crypto", "exec", "rollout"})
  void anOfflineFailureIsNotShownWhenTheOnlineBuildWorks(String script) throws Exception {
    Ran ran = run(script, "offline");

    assertEquals(0, ran.exit(), ran.output());
    assertTrue(ran.output().contains("java ran"), ran.output());
    assertFalse(ran.output().contains("ERROR"), ran.output());
    assertTrue(ran.mvnCalls().get(0).contains(" -o "), "offline first: " + ran.mvnCalls());
    assertTrue(ran.mvnCalls().stream().anyMatch(c -> !c.contains(" -o ")), "then online: " + ran.mvnCalls());
  }

  @ParameterizedTest
  @ValueSource(strings = {"connect", "crypto", "exec", "rollout"})
  void withTheDownloadsAtHandItNeverGoesOnline(String script) throws Exception {
    Ran ran = run(script, "online");

    assertEquals(0, ran.exit(), ran.output());
    assertEquals("java ran", ran.output().strip());
    assertTrue(ran.mvnCalls().stream().allMatch(c -> c.contains(" -o ")), ran.mvnCalls().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"connect", "crypto", "exec", "rollout"})
  void whenBothFailTheOnlineErrorIsShownAndNothingRuns(String script) throws Exception {
    Ran ran = run(script, "both");

    assertNotEquals(0, ran.exit(), ran.output());
    assertTrue(ran.output().contains("[ERROR] Failed to execute goal (online)"), ran.output());
    assertFalse(ran.output().contains("(offline)"), ran.output());
    assertFalse(ran.output().contains("java ran"), ran.output());
  }
}
