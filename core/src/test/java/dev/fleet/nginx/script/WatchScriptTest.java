package dev.fleet.nginx.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.transport.RecordStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * watch.sh run by the local sh with stand-ins for the probe, the signal and sleep, each printing
 * what it was called with, and fleet's asks on its stdin: the order of things, a look per ask and
 * none unasked, and the error log offset.
 */
class WatchScriptTest {

  /** Runs watch.sh with {@code asks} as its stdin; returns stdout and stderr, in order. */
  private static List<String> run(String asks, String signalStatus, String... args) throws Exception {
    // The probe counts in a file, whether or not a look runs in a subshell. It prints its error
    // log size as probe.sh does and leaves it in probe_logsize as probe.sh does, besides a decoy
    // of probe.sh's own (logsize) that watch.sh must not read.
    String stubs =
        "count=$(mktemp); echo 0 > \"$count\"; trap 'rm -f \"$count\"' EXIT\n"
            + "probe() { n=$(($(cat \"$count\") + 1)); echo $n > \"$count\"; logsize=999; probe_logsize=$((n * 100));"
            + " echo \"errorlog $((n * 100)) (probe $n $1 offset=$2 at $3 $4 $5 $6)\"; }\n"
            + "signal() { echo \"signal $*\"; return " + signalStatus + "; }\n"
            + "sleep() { echo \"sleep $1\"; }\n";
    List<String> command =
        new ArrayList<>(List.of("sh", "-c", stubs + Scripts.load("watch.sh"), "watch"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(asks.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("watch.sh did not stop");
    }
    List<String> lines = new ArrayList<>(out.lines().toList());
    lines.add("exit " + p.exitValue());
    return lines;
  }

  private static String asks(int more, String then) {
    return (RecordStream.MORE + "\n").repeat(more) + then;
  }

  private static final String[] PLACE = {"/run/nginx.pid", "/usr/sbin/nginx", "/var/log/nginx/error.log", "/usr/sbin/nginx.fleet-backup"};
  private static final String AT = " at /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log /usr/sbin/nginx.fleet-backup)";

  @Test
  void snapshotBeforeTheSignalThenOneLookPerAskWithNoSleepUntilTheStop() throws Exception {
    List<String> seen = run(asks(3, RecordStream.STOP + "\n" + RecordStream.MORE + "\n"), "0", args("USR2", "at-signal"));
    assertEquals(
        List.of(
            "errorlog 100 (probe 1 quick offset=" + AT, "", "signal USR2 42 1234 /usr/sbin/nginx",
            "errorlog 200 (probe 2 quick offset=100" + AT, "",
            "errorlog 300 (probe 3 quick offset=100" + AT, "",
            "errorlog 400 (probe 4 quick offset=100" + AT, "", "exit 0"),
        seen);
  }

  @Test
  void theEndOfItsInputEndsTheWatch() throws Exception {
    assertEquals(
        List.of(
            "errorlog 100 (probe 1 quick offset=" + AT, "", "signal QUIT 42 1234 /usr/sbin/nginx",
            "errorlog 200 (probe 2 quick offset=77" + AT, "", "exit 0"),
        run(asks(1, ""), "0", args("QUIT", "77")));
  }

  @Test
  void aRefusedSignalEndsTheWatchWithStatusThreeAfterTheSnapshotBeforeIt() throws Exception {
    assertEquals(
        List.of("errorlog 100 (probe 1 quick offset=" + AT, "", "signal WINCH 42 1234 /usr/sbin/nginx", "exit 3"),
        run("", "1", args("WINCH", "")));
  }

  private static String[] args(String signal, String offset) {
    List<String> all = new ArrayList<>(List.of(signal, "42", "1234", "/usr/sbin/nginx", "quick", offset));
    all.addAll(List.of(PLACE));
    return all.toArray(String[]::new);
  }
}
