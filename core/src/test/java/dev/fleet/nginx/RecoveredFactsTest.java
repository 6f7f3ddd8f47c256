package dev.fleet.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.fleet.nginx.probe.HealthAnswers;
import dev.fleet.nginx.probe.HostView;
import dev.fleet.nginx.probe.NginxSnapshot;
import dev.fleet.nginx.probe.ProcessEntry;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.nginx.step.Forked;
import dev.fleet.nginx.step.Learned;
import dev.fleet.nginx.step.Preflighted;
import dev.fleet.nginx.step.Signalled;
import dev.fleet.nginx.step.Staged;
import dev.fleet.nginx.step.Unchecked;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Recovery builds from what the host shows the same values the steps hand each other. */
class RecoveredFactsTest {
  private static final String OLD = "a".repeat(64);
  private static final String NEW = "b".repeat(64);
  private static final String MASTER_100 = "proc 100 1 5000 nginx: master process /usr/sbin/nginx";
  private static final String WORKERS_100 = "proc 101 100 5001 nginx: worker process|proc 102 100 5002 nginx: worker process";
  private static final String MASTER_120 = "proc 120 100 9000 nginx: master process /usr/sbin/nginx";
  private static final String WORKERS_120 = "proc 121 120 9001 nginx: worker process|proc 122 120 9002 nginx: worker process";
  private static final String BOTH_UP =
      "pidfile 120|oldbin 100|MASTER_100|WORKERS_100|MASTER_120|WORKERS_120|exe 100 OLD|exe 120 NEW|binary NEW|backup OLD";

  @Test
  void aHostWithOneMasterIsWhatPreflightWouldHaveSeen() throws Exception {
    Learned learned = recovered("pidfile 100|MASTER_100|WORKERS_100|exe 100 OLD|binary OLD", Unchecked.HOST, Optional.of(NEW));

    Preflighted pre = assertInstanceOf(Preflighted.class, learned);
    assertEquals(100, pre.oldMaster().pid());
    assertEquals(OLD, pre.oldSha256());
    assertEquals(Optional.of(NEW), pre.targetSha256());
    assertEquals(2, pre.expectedWorkers());
    assertEquals(Optional.empty(), pre.healthBefore(), "a resumed run never saw preflight's answers");
  }

  @Test
  void aStagedHostRunsItsBackupAndHoldsTheTargetOnDisk() throws Exception {
    Learned learned =
        recovered("pidfile 100|MASTER_100|WORKERS_100|exe 100 OLD|binary NEW|backup OLD", Unchecked.HOST, Optional.empty());

    Staged staged = assertInstanceOf(Staged.class, learned);
    assertEquals(OLD, staged.checked().oldSha256(), "the backup is what runs");
    assertEquals(NEW, staged.targetSha256(), "the file at the binary path");
  }

  @Test
  void twoMastersAreForkedWithTheChildAsTheNewMasterAndTheDiskAsTheTarget() throws Exception {
    Learned learned = recovered(BOTH_UP, Unchecked.HOST, Optional.empty());

    Forked forked = assertInstanceOf(Forked.class, learned);
    assertEquals(100, forked.oldMaster().pid());
    assertEquals(120, forked.newMaster().pid());
    assertEquals(NEW, forked.staged().targetSha256());
    assertEquals(Optional.of(NEW), forked.checked().targetSha256(), "for the host's history");
    assertEquals(OLD, forked.checked().oldSha256());
  }

  @Test
  void aHostStillForkingWithNoChildToNameIsOnlyStaged() throws Exception {
    Learned learned =
        recovered("pidfile |oldbin 100|MASTER_100|WORKERS_100|exe 100 OLD|binary NEW|backup OLD", Unchecked.HOST, Optional.of(NEW));

    assertInstanceOf(Staged.class, learned);
  }

  @Test
  void whatOnlyTheInterruptedRunKnewIsKept() throws Exception {
    HealthAnswers before = HealthAnswers.parse("health\nanswer http://127.0.0.1:80/ 200\n");
    Preflighted ran =
        new Preflighted(
            entry(MASTER_100), OLD, Optional.of(NEW), 3, Optional.of("nginx version: nginx/1.22.1"), Optional.of("x86_64"),
            Optional.of(before));
    Staged staged = new Staged(ran, NEW, Optional.of("nginx version: nginx/1.24.0"));

    Forked forked = assertInstanceOf(Forked.class, recovered(BOTH_UP, staged, Optional.of(NEW)));

    assertEquals(3, forked.checked().expectedWorkers());
    assertEquals(Optional.of(before), forked.checked().healthBefore());
    assertEquals(Optional.of("nginx version: nginx/1.24.0"), forked.staged().newVersion());
    assertEquals(120, forked.newMaster().pid(), "the masters always come from the host");
  }

  /** start-new-master cut off after USR2 (CutOff): only the log lines since the signal count. */
  @Test
  void theErrorLogMarkOfASignalCutOffIsKept() throws Exception {
    Preflighted ran = new Preflighted(entry(MASTER_100), OLD, Optional.of(NEW), 2, Optional.empty(), Optional.empty(), Optional.empty());
    Signalled signalled = new Signalled(new Staged(ran, NEW, Optional.empty()), 123);

    Forked forked = assertInstanceOf(Forked.class, recovered(BOTH_UP + "|errorlog 4567", signalled, Optional.of(NEW)));
    assertEquals(123, forked.errorLogOffset(), "where the log stood before USR2, not when recovery looked");

    Forked unknown = assertInstanceOf(Forked.class, recovered(BOTH_UP + "|errorlog 4567", Unchecked.HOST, Optional.of(NEW)));
    assertEquals(4567, unknown.errorLogOffset(), "a resumed run knows only the log's size now");
  }

  private static Learned recovered(String lines, Learned known, Optional<String> target) throws StepFailure {
    NginxSnapshot s = NginxSnapshot.parse(expand(lines));
    return RecoveredFacts.of(HostView.of(s, target.orElse(null)), s, known, target);
  }

  private static ProcessEntry entry(String line) {
    return NginxSnapshot.parse(line).masters().get(0);
  }

  private static String expand(String lines) {
    return lines
        .replace("MASTER_100", MASTER_100)
        .replace("WORKERS_100", WORKERS_100)
        .replace("MASTER_120", MASTER_120)
        .replace("WORKERS_120", WORKERS_120)
        .replace("OLD", OLD)
        .replace("NEW", NEW)
        .replace('|', '\n');
  }
}
