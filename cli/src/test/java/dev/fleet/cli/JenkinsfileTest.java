package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The example pipeline must only call fleet the way fleet accepts, and know every exit code. */
class JenkinsfileTest {
  private static final Path JENKINSFILE = Path.of("..", "inventory-examples", "Jenkinsfile");
  /** One inventory over several agents: a parallel stage per group, the hosts pulling the binary. */
  private static final Path SHARDED = Path.of("..", "inventory-examples", "Jenkinsfile.sharded");

  @Test
  void everyFleetCommandInThePipelineParses() throws Exception {
    assertEveryFleetCommandParses(JENKINSFILE);
  }

  @Test
  void everyFleetCommandInTheShardedPipelineParsesAndEachShardHasItsOwnLogDir() throws Exception {
    assertEveryFleetCommandParses(SHARDED);
    String pipeline = Files.readString(SHARDED);
    assertTrue(pipeline.contains("--limit \"$SHARD\""), "a shard is a --limit");
    assertTrue(pipeline.contains("--log-dir \"fleet-runs/$SHARD\""), "its own journal and lock");
    for (int code : List.of(ExitCode.OK, ExitCode.HALTED, ExitCode.USAGE, ExitCode.NEEDS_ATTENTION,
        ExitCode.PAUSED, ExitCode.LOCKED, ExitCode.FAILURES_WITHIN_BUDGET)) {
      assertTrue(pipeline.contains("case " + code + ":"), "no case for exit code " + code);
    }
    assertEquals(1, pipeline.split("junit allowEmptyResults").length - 1, "one JUnit step, run by each shard");
  }

  private static void assertEveryFleetCommandParses(Path jenkinsfile) throws Exception {
    Matcher m = Pattern.compile("'(fleet [^']+)'").matcher(Files.readString(jenkinsfile));
    List<String> commands = new ArrayList<>();
    while (m.find()) {
      commands.add(m.group(1));
    }
    assertTrue(commands.size() >= 2, "plan and upgrade: " + commands);
    for (String command : commands) {
      String[] args =
          command.replace("\"$INVENTORY\"", "inventory.yml").replace("\"$LIMIT\"", "all")
              .replace("\"$BINARY_URL\"", "https://a.example/nginx").replace("\"$SHA256\"", "0".repeat(64))
              .replaceAll("\"([^\"]*)\\$SHARD([^\"]*)\"", "$1web-eu$2")
              .split(" +");
      List<String> rest = List.of(args).subList(1, args.length);
      CommandLine.ParseResult parsed = FleetCommand.commandLine().parseArgs(rest.toArray(String[]::new));
      assertTrue(parsed.hasSubcommand(), command);
    }
  }

  @Test
  void thePipelineHandlesEveryExitCode() throws Exception {
    String pipeline = Files.readString(JENKINSFILE);
    for (int code : List.of(ExitCode.OK, ExitCode.HALTED, ExitCode.USAGE, ExitCode.NEEDS_ATTENTION,
        ExitCode.PAUSED, ExitCode.LOCKED, ExitCode.FAILURES_WITHIN_BUDGET)) {
      assertTrue(pipeline.contains("case " + code + ":"), "no case for exit code " + code);
    }
    assertEquals(1, pipeline.split("junit allowEmptyResults").length - 1, "publishes the JUnit report once");
  }
}
