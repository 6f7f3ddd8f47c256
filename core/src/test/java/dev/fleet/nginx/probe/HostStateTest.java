package dev.fleet.nginx.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every state of the table in nginx-upgrade.md, and the failure states, from probe output alone. */
class HostStateTest {
  private static final String OLD = "a".repeat(64);
  private static final String NEW = "b".repeat(64);
  private static final String OTHER = "c".repeat(64);

  private static final String MASTER_100 = "proc 100 1 5000 nginx: master process /usr/sbin/nginx";
  private static final String WORKERS_100 = "proc 101 100 5001 nginx: worker process|proc 102 100 5002 nginx: worker process";
  private static final String DRAINING_100 = "proc 101 100 5001 nginx: worker process is shutting down";
  private static final String MASTER_120 = "proc 120 100 9000 nginx: master process /usr/sbin/nginx";
  private static final String WORKERS_120 = "proc 121 120 9001 nginx: worker process|proc 122 120 9002 nginx: worker process";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "RUNNING;           pidfile 100|MASTER_100|WORKERS_100|exe 100 OLD|binary OLD;                       100; ",
        "STAGED;            pidfile 100|MASTER_100|WORKERS_100|exe 100 OLD|binary NEW|backup OLD;            100; ",
        "FORKING;           pidfile |oldbin 100|MASTER_100|WORKERS_100|exe 100 OLD|binary NEW|backup OLD;   100; ",
        "FORKING;           oldbin 100|MASTER_100|WORKERS_100|proc 120 100 9000 /bin/sh /usr/sbin/nginx;     100; 120",
        "FORKING;           oldbin 100|MASTER_100|WORKERS_100|MASTER_120;                                    100; 120",
        "BOTH_UP;           pidfile 120|oldbin 100|MASTER_100|WORKERS_100|MASTER_120|WORKERS_120;            100; 120",
        "DRAINING;          pidfile 120|oldbin 100|MASTER_100|DRAINING_100|MASTER_120|WORKERS_120;           100; 120",
        "DRAINING;          pidfile 120|oldbin 100|MASTER_100|MASTER_120|WORKERS_120;                        100; 120",
        "COMMITTED;         pidfile 120|proc 120 1 9000 nginx: master process /usr/sbin/nginx|WORKERS_120|exe 120 NEW|binary NEW; 120; ",
        "NOT_RUNNING;       pidfile 100;                                                                     ; ",
        "NO_MASTER_PROCESS; pidfile 100|proc 100 1 5000 /usr/sbin/nginx -g master_process off; ; ",
        "UNRELATED_MASTERS; pidfile 100|MASTER_100|WORKERS_100|proc 300 1 7000 nginx: master process /opt/nginx; ; ",
        "STALE_OLDBIN;      pidfile 100|oldbin 99|MASTER_100|WORKERS_100|exe 100 OLD|binary OLD;             100; ",
        "STALE_OLDBIN;      pidfile 100|oldbin 100|MASTER_100|WORKERS_100|exe 100 OLD|binary OLD;            100; ",
        "PID_FILE_MISMATCH; pidfile 77|MASTER_100|WORKERS_100|exe 100 OLD|binary OLD;                        100; ",
        "PID_FILE_MISMATCH; pidfile |MASTER_100|WORKERS_100|exe 100 OLD|binary OLD;                          100; ",
        "DISK_MISMATCH;     pidfile 100|MASTER_100|WORKERS_100|exe 100 OLD|binary OTHER|backup NEW;          100; ",
        "UNKNOWN;           pidfile 100|MASTER_100|WORKERS_100|binary OLD;                                   100; ",
      })
  void statesAreDerivedFromWhatTheHostShows(HostState expected, String lines, Integer oldMaster, Integer newMaster) {
    String probe =
        lines
            .replace("MASTER_100", MASTER_100)
            .replace("WORKERS_100", WORKERS_100)
            .replace("DRAINING_100", DRAINING_100)
            .replace("MASTER_120", MASTER_120)
            .replace("WORKERS_120", WORKERS_120)
            .replace("OLD", OLD)
            .replace("NEW", NEW)
            .replace("OTHER", OTHER)
            .replace('|', '\n');

    HostView view = HostView.of(NginxSnapshot.parse(probe), NEW);

    assertEquals(expected, view.state(), view.evidence());
    assertEquals(Optional.ofNullable(oldMaster), view.oldMaster().map(ProcessEntry::pid), "old master");
    assertEquals(Optional.ofNullable(newMaster), view.newMaster().map(ProcessEntry::pid), "new master");
  }
}
