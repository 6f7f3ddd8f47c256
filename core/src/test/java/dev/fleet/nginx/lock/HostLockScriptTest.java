package dev.fleet.nginx.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.nginx.script.Scripts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lock.sh, history.sh and leave.sh under the local sh, in a directory of the test's instead of /var/lib/fleet. */
class HostLockScriptTest {
  private static final String BINARY = "/usr/sbin/nginx";

  @TempDir Path dir;

  private record Ran(int status, String out) {}

  private Ran run(String script, String... args) throws Exception {
    String text =
        switch (script) {
          case "lock.sh" -> Scripts.lock();
          case "history.sh" -> Scripts.history();
          default -> Scripts.leave();
        };
    List<String> command = new ArrayList<>(List.of("sh", "-c", text, script));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "hung");
    return new Ran(p.exitValue(), out);
  }

  private Ran lock(String action, String run, String controller) throws Exception {
    return run("lock.sh", action, dir.toString(), BINARY, run, controller, "4242", "2026-12-01T10:00:00Z");
  }

  @Test
  void aLockIsTakenOnceAndAnotherRunIsToldWhoHoldsIt() throws Exception {
    assertEquals(new Ran(0, "taken\n"), lock("take", "run-a", "ci@agent1"));

    Ran other = lock("take", "run-b", "me@laptop");

    assertEquals(4, other.status());
    HostLock.Holder holder = HostLock.parse(other.out());
    assertEquals(new HostLock.Holder("run-a", "ci@agent1", 4242, "2026-12-01T10:00:00Z"), holder);
    assertEquals(new Ran(4, "not held by run-b\n" + other.out().substring("held\n".length())), lock("release", "run-b", "me@laptop"));
    assertTrue(Files.exists(dir.resolve("_usr_sbin_nginx.lock")), "another run's release leaves it");
  }

  @Test
  void theRunHoldingTheLockTakesItOverAndReleasesIt() throws Exception {
    lock("take", "run-a", "ci@agent1");

    assertEquals(new Ran(0, "taken over\n"), lock("take", "run-a", "ci@agent2"));
    assertEquals("ci@agent2", HostLock.parse(lock("show", "", "").out()).controller());
    assertEquals(new Ran(0, "released\n"), lock("release", "run-a", ""));
    assertEquals(new Ran(0, "free\n"), lock("show", "", ""));
  }

  /** Of many controllers taking the same lock at once, exactly one gets it: link(2) is atomic. */
  @Test
  void ofManyAtOnceExactlyOneTakesTheLock() throws Exception {
    List<Process> takers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      takers.add(
          new ProcessBuilder("sh", "-c", Scripts.lock(), "lock.sh", "take", dir.toString(), BINARY, "run-" + i, "c@m", "1", "t")
              .start());
    }
    List<String> winners = new ArrayList<>();
    List<HostLock.Holder> toldLosers = new ArrayList<>();
    for (int i = 0; i < takers.size(); i++) {
      Process p = takers.get(i);
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "hung");
      if (p.exitValue() == 0) {
        winners.add("run-" + i);
      } else {
        toldLosers.add(HostLock.parse(out));
      }
    }
    assertEquals(1, winners.size(), winners.toString());
    for (HostLock.Holder told : toldLosers) {
      assertEquals(winners.get(0), told.run(), "every loser read the whole lock, never a half-written one");
    }
  }

  @Test
  void historyKeepsEveryEntryAndNoValueRunsAsShell() throws Exception {
    Path marker = dir.resolve("pwned");
    String hostile = "$(touch " + marker + ")`touch " + marker + "`;touch " + marker;
    assertEquals(0, run("history.sh", "append", dir.toString(), BINARY, "t1", hostile, "a\tb", "upgrade", "nginx/1.22", "aaa", "nginx/1.27", "bbb", "upgraded").status());
    assertEquals(0, run("history.sh", "append", dir.toString(), BINARY, "t2", "run-2", "c\nd", "rollback", "nginx/1.27", "bbb", "nginx/1.22", "aaa", "rolled-back").status());

    List<HostHistory.Entry> all = run("history.sh", "list", dir.toString(), BINARY, "0").out().lines().map(HostHistory.Entry::parse).toList();
    String last = run("history.sh", "list", dir.toString(), BINARY, "1").out();

    assertEquals(2, all.size());
    assertEquals(new HostHistory.Entry("t1", hostile, "a b", "upgrade", "nginx/1.22", "aaa", "nginx/1.27", "bbb", "upgraded"), all.get(0));
    assertEquals("c d", all.get(1).controller(), "a newline in a value stays on its line");
    assertEquals("t2", HostHistory.Entry.parse(last.strip()).time());
    assertFalse(Files.exists(marker), "nothing in a value ran");
  }

  @Test
  void controlCharactersInAValueBecomeSpacesAndAnEmptyValueKeepsItsField() throws Exception {
    assertEquals(0, run("history.sh", "append", dir.toString(), BINARY, "", "run\r1", "c\u001b[31m@m", "upgrade", "", "aaa", "nginx/1.27", "bbb", "upgraded").status());
    List<String> lines = run("history.sh", "list", dir.toString(), BINARY, "0").out().lines().toList();
    assertEquals(List.of("\trun 1\tc [31m@m\tupgrade\t\taaa\tnginx/1.27\tbbb\tupgraded"), lines);

    assertEquals(0, lock("take", "run\t1", "ops\n@box").status());
    assertEquals(
        "held\nrun\trun 1\ncontroller\tops @box\npid\t4242\nsince\t2026-12-01T10:00:00Z\n",
        lock("show", "x", "y").out());
    assertEquals("released\n", lock("release", "run\n1", "ops").out(), "the holder is named as flat as it was written");
  }

  private static final List<String> ENTRY =
      List.of("t1", "run-a", "ci@agent1", "upgrade", "nginx/1.22", "aaa", "nginx/1.27", "bbb", "upgraded");

  private Ran leave(String lock, String run, List<String> entry) throws Exception {
    List<String> args = new ArrayList<>(List.of(lock, dir.toString(), BINARY, run));
    args.addAll(entry);
    return run("leave.sh", args.toArray(String[]::new));
  }

  private List<String> history() throws Exception {
    return run("history.sh", "list", dir.toString(), BINARY, "0").out().lines().toList();
  }

  /** A procedure's end is one request: its history entry, then its lock released. */
  @Test
  void leavingAppendsTheEntryThenReleasesTheLock() throws Exception {
    lock("take", "run-a", "ci@agent1");

    assertEquals(new Ran(0, "released\n"), leave("release", "run-a", ENTRY));

    assertEquals(List.of(String.join("\t", ENTRY)), history());
    assertEquals(new Ran(0, "free\n"), lock("show", "", ""));
  }

  @Test
  void aHostThatNeedsAttentionKeepsItsLockAndAHostUntouchedGetsNoEntry() throws Exception {
    lock("take", "run-a", "ci@agent1");
    assertEquals(new Ran(0, ""), leave("keep", "run-a", ENTRY));
    assertEquals(1, history().size());
    assertEquals("run-a", HostLock.parse(lock("show", "", "").out()).run(), "kept");

    assertEquals(new Ran(0, "released\n"), leave("release", "run-a", List.of()));
    assertEquals(1, history().size(), "a refused or already current host is not in the history");
  }

  /** An entry that cannot be written leaves the lock: the host is not released unrecorded. */
  @Test
  void anEntryThatCannotBeAppendedKeepsTheLock() throws Exception {
    lock("take", "run-a", "ci@agent1");
    Files.createDirectory(dir.resolve("_usr_sbin_nginx.history"));

    Ran left = leave("release", "run-a", ENTRY);

    assertEquals(3, left.status());
    assertTrue(left.out().contains("cannot append"), left.out());
    assertEquals("run-a", HostLock.parse(lock("show", "", "").out()).run());
  }

  @Test
  void anotherRunsLockIsNotReleased() throws Exception {
    lock("take", "run-b", "me@laptop");

    Ran left = leave("release", "run-a", ENTRY);

    assertEquals(4, left.status());
    assertEquals("run-b", HostLock.parse(lock("show", "", "").out()).run());
  }
}
