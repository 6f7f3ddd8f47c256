package dev.fleet.nginx.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NginxSnapshotTest {
  private static final String DIGEST = "a".repeat(64);

  /** Both masters up, old workers draining: the state between WINCH and QUIT. */
  private static final String BOTH_UP =
      String.join(
          "\n",
          "pidfile 120",
          "oldbin 100",
          "errorlog 4096",
          "pidchange 2026-11-23 11:42:31.123456789 +0000",
          "logline 2026/11/23 [alert] 7#7: something",
          "proc 100 1 5000 nginx: master process /usr/sbin/nginx -c /etc/nginx/nginx.conf   ",
          "exe 100 " + DIGEST,
          "proc 101 100 5001 nginx: worker process is shutting down",
          "proc 120 100 9000 nginx: master process /usr/sbin/nginx -c /etc/nginx/nginx.conf",
          "proc 121 120 9001 nginx: worker process",
          "proc 122 120 9002 nginx: worker process",
          "binary " + DIGEST,
          "");

  @Test
  void readsPidFilesProcessesDigestsAndAlerts() {
    NginxSnapshot s = NginxSnapshot.parse(BOTH_UP);
    assertEquals(OptionalInt.of(120), s.pidFile());
    assertEquals(OptionalInt.of(100), s.oldbinFile());
    assertEquals(4096, s.errorLogSize());
    assertEquals(List.of(100, 120), s.masters().stream().map(ProcessEntry::pid).toList());
    assertEquals(Optional.of(DIGEST), s.exeDigest(100));
    assertEquals(Optional.of(DIGEST), s.binaryDigest());
    assertEquals(List.of("2026/11/23 [alert] 7#7: something"), s.alerts());
    assertEquals("2026-11-23 11:42:31.123456789 +0000", s.pidFileChanged());
  }

  @Test
  void theNewMasterIsTheOldMastersChildAndNeverCountsAsItsWorker() {
    NginxSnapshot s = NginxSnapshot.parse(BOTH_UP);
    assertEquals(120, s.childMasterOf(100).orElseThrow().pid());
    assertEquals(List.of(101), s.workersOf(100).stream().map(ProcessEntry::pid).toList());
    assertTrue(s.activeWorkersOf(100).isEmpty(), "a shutting-down worker is not active");
    assertEquals(2, s.activeWorkersOf(120).size());
  }

  @Test
  void masterTitleGivesBinaryAndArguments() {
    ProcessEntry master = NginxSnapshot.parse(BOTH_UP).masters().get(0);
    assertEquals("/usr/sbin/nginx", master.masterBinary());
    assertEquals("-c /etc/nginx/nginx.conf", master.masterArguments());
  }

  /** Ten digits pass the pid pattern but not an int: the pid file reads as garbled, not a crash. */
  @Test
  void aPidPastAnIntReadsAsAbsent() {
    NginxSnapshot s = NginxSnapshot.parse("pidfile 9999999999\noldbin 2147483647\n");
    assertTrue(s.pidFile().isEmpty());
    assertEquals(OptionalInt.of(Integer.MAX_VALUE), s.oldbinFile());
  }

  @Test
  void emptyOrGarbledPidFilesReadAsAbsent() {
    NginxSnapshot s = NginxSnapshot.parse("pidfile \noldbin 12ab\nerrorlog \n");
    assertTrue(s.pidFile().isEmpty());
    assertTrue(s.oldbinFile().isEmpty());
    assertEquals(-1, s.errorLogSize());
    assertTrue(s.masters().isEmpty());
  }

  @Test
  void aMissingDigestIsAbsentNotEmpty() {
    NginxSnapshot s = NginxSnapshot.parse("proc 5 1 7 nginx: master process /x\nexe 5 \nbinary \n");
    assertTrue(s.exeDigest(5).isEmpty());
    assertTrue(s.binaryDigest().isEmpty());
  }
}
