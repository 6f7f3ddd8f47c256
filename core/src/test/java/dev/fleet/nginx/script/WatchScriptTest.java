package dev.fleet.nginx.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * watch.sh run by the local sh with stand-ins for the probe, the signal and sleep, each printing
 * what it was called with: the order of things, the pacing and the error log offset.
 */
class WatchScriptTest {

  /** Runs watch.sh until its {@code looks}-th snapshot; returns stdout and stderr, in order. */
  private static List<String> run(int looks, String signalStatus, String... args) throws Exception {
    // The probe counts in a file: watch.sh keeps the look before the signal, run in a subshell.
    // It prints its error log size as probe.sh does, and leaves a decoy variable that watch.sh
    // must not read: the offset comes from the record, never from the probe's state.
    String stubs =
        "count=$(mktemp); echo 0 > \"$count\"; trap 'rm -f \"$count\"' EXIT\n"
            + "probe() { n=$(($(cat \"$count\") + 1)); echo $n > \"$count\"; logsize=999;"
            + " echo \"errorlog $((n * 100)) (probe $n $1 offset=$2 at $3 $4 $5 $6)\";"
            + " [ $n -le " + looks + " ] || exit 0; }\n"
            + "signal() { echo \"signal $*\"; return " + signalStatus + "; }\n"
            + "sleep() { echo \"sleep $1\"; }\n";
    List<String> command =
        new ArrayList<>(List.of("sh", "-c", stubs + "record() {\n" + Scripts.load("record.sh") + "}\n" + Scripts.load("watch.sh"), "watch"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("watch.sh did not stop");
    }
    List<String> lines = new ArrayList<>(out.lines().toList());
    lines.add("exit " + p.exitValue());
    return lines;
  }

  private static final String[] PLACE = {"/run/nginx.pid", "/usr/sbin/nginx", "/var/log/nginx/error.log", "/usr/sbin/nginx.fleet-backup"};
  private static final String AT = " at /run/nginx.pid /usr/sbin/nginx /var/log/nginx/error.log /usr/sbin/nginx.fleet-backup)";

  @Test
  void snapshotBeforeTheSignalThenLooksAtPausesGrowingByHalfUpToHalfASecond() throws Exception {
    List<String> seen = run(13, "0", args("USR2", "at-signal"));
    assertEquals(
        List.of(
            "errorlog 100 (probe 1 quick offset=" + AT, "", "signal USR2 42 1234 /usr/sbin/nginx",
            "sleep 0.010", "errorlog 200 (probe 2 quick offset=100" + AT, "",
            "sleep 0.015", "errorlog 300 (probe 3 quick offset=100" + AT, "",
            "sleep 0.022", "errorlog 400 (probe 4 quick offset=100" + AT, "",
            "sleep 0.033", "errorlog 500 (probe 5 quick offset=100" + AT, "",
            "sleep 0.049", "errorlog 600 (probe 6 quick offset=100" + AT, "",
            "sleep 0.073", "errorlog 700 (probe 7 quick offset=100" + AT, "",
            "sleep 0.109", "errorlog 800 (probe 8 quick offset=100" + AT, "",
            "sleep 0.163", "errorlog 900 (probe 9 quick offset=100" + AT, "",
            "sleep 0.244", "errorlog 1000 (probe 10 quick offset=100" + AT, "",
            "sleep 0.366", "errorlog 1100 (probe 11 quick offset=100" + AT, "",
            "sleep 0.500", "errorlog 1200 (probe 12 quick offset=100" + AT, "",
            "sleep 0.500", "errorlog 1300 (probe 13 quick offset=100" + AT, "",
            "sleep 0.500", "errorlog 1400 (probe 14 quick offset=100" + AT, "exit 0"),
        seen);
  }

  @Test
  void aRefusedSignalEndsTheWatchWithStatusThreeAfterTheSnapshotBeforeIt() throws Exception {
    assertEquals(
        List.of("errorlog 100 (probe 1 quick offset=" + AT, "", "signal WINCH 42 1234 /usr/sbin/nginx", "exit 3"),
        run(5, "1", args("WINCH", "")));
  }

  @Test
  void withoutASignalItOnlyLooks() throws Exception {
    assertEquals(
        List.of("sleep 0.010", "errorlog 100 (probe 1 quick offset=77" + AT, "", "sleep 0.015", "errorlog 200 (probe 2 quick offset=77" + AT, "exit 0"),
        run(1, "0", args("-", "77")));
  }

  private static String[] args(String signal, String offset) {
    List<String> all = new ArrayList<>(List.of(signal, "42", "1234", "/usr/sbin/nginx", "quick", offset));
    all.addAll(List.of(PLACE));
    return all.toArray(String[]::new);
  }
}
