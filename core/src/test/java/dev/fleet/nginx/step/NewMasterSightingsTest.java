package dev.fleet.nginx.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.nginx.probe.NginxSnapshot;
import dev.fleet.nginx.step.NewMasterSightings.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wait after USR2 as a table: snapshots in the order a host gave them, and each verdict. */
class NewMasterSightingsTest {
  private static final String BEFORE_CTIME = "2026-12-02 15:04:22.187351050 +0000";
  private static final String RENAMED_CTIME = "2026-12-02 15:07:50.215358490 +0000";

  private static final String OLD_MASTER =
      "proc 128 1 845870 nginx: master process /usr/sbin/nginx\n"
          + "proc 129 128 845881 nginx: worker process\n"
          + "proc 130 128 845881 nginx: worker process\n";
  private static final String NEW_MASTER =
      "proc 188 128 866675 nginx: master process /usr/sbin/nginx\n"
          + "proc 189 188 866680 nginx: worker process\n"
          + "proc 190 188 866680 nginx: worker process\n";

  private static NginxSnapshot look(String pidfile, String oldbin, String ctime, String procs, String... alerts) {
    StringBuilder s = new StringBuilder();
    s.append("pidfile ").append(pidfile).append('\n');
    s.append("oldbin ").append(oldbin).append('\n');
    s.append("pidchange ").append(ctime).append('\n');
    s.append("errorlog 142\n");
    for (String alert : alerts) {
      s.append("logline ").append(alert).append('\n');
    }
    return NginxSnapshot.parse(s.append(procs).toString());
  }

  private static final NginxSnapshot BEFORE = look("128", "", BEFORE_CTIME, OLD_MASTER);

  private static List<Verdict> verdicts(NginxSnapshot... looks) {
    NewMasterSightings sightings = new NewMasterSightings(BEFORE, 128, 2);
    List<Verdict> out = new ArrayList<>();
    for (NginxSnapshot s : looks) {
      out.add(sightings.see(s));
    }
    return out;
  }

  /**
   * Seen on a loaded host: the probe read the old pid, found no .oldbin yet, and then the pid file
   * had gone (renamed to .oldbin) when it ran stat. A wait that took the empty change time for a
   * rename rolled back a host whose new master came up a moment later.
   */
  @Test
  void aLookInTheMiddleOfTheRenameIsNotThePidFileTakenBack() {
    assertEquals(
        List.of(Verdict.WAITING, Verdict.WAITING, Verdict.UP),
        verdicts(
            look("128", "", "", OLD_MASTER),
            look("", "128", "", OLD_MASTER),
            look("188", "128", RENAMED_CTIME, OLD_MASTER + NEW_MASTER)));
  }

  @Test
  void aChildThatFailedAndThePidFileRenamedBackIsTakenBack() {
    assertEquals(
        List.of(Verdict.WAITING, Verdict.PID_FILE_TAKEN_BACK),
        verdicts(look("", "128", "", OLD_MASTER), look("128", "", RENAMED_CTIME, OLD_MASTER)));
  }

  /** At nginx's default log level a quick failure leaves only the pid file's new change time. */
  @Test
  void aRenameAndBackBetweenTwoLooksIsTakenBack() {
    assertEquals(List.of(Verdict.PID_FILE_TAKEN_BACK), verdicts(look("128", "", RENAMED_CTIME, OLD_MASTER)));
  }

  @Test
  void anAlertWithTheOldPidFileUntouchedIsTakenBack() {
    assertEquals(
        List.of(Verdict.PID_FILE_TAKEN_BACK),
        verdicts(look("128", "", BEFORE_CTIME, OLD_MASTER, "2026/12/02 [emerg] 188#188: bind() failed")));
  }

  @Test
  void nothingYetAndAChildStillStartingAreWaited() {
    assertEquals(
        List.of(Verdict.WAITING, Verdict.WAITING, Verdict.WAITING),
        verdicts(
            look("128", "", BEFORE_CTIME, OLD_MASTER),
            look("", "128", "", OLD_MASTER + "proc 188 128 866675 nginx: master process /usr/sbin/nginx\n"),
            look("188", "128", RENAMED_CTIME, OLD_MASTER + "proc 188 128 866675 nginx: master process /usr/sbin/nginx\n")));
  }
}
