package dev.fleet.nginx;

import static dev.fleet.nginx.FaultHarness.TIMEOUTS;
import static dev.fleet.nginx.FaultHarness.assertSafe;
import static dev.fleet.testing.HostFacts.exists;
import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.sha256;
import static dev.fleet.testing.HostFacts.soleMaster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.NginxSettings;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hosts the upgrade must not start on, and a disk that fills during the upload: nothing changes. */
@RealFleetTest
class PreflightRefusalTest {
  /** Polls for test setup and clean-up only fail a hang; a busy machine may take its time. */
  private static final Duration HANG = Duration.ofMinutes(2);


  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(1);

  private final FaultHarness harness = new FaultHarness(fleet);

  @Test
  void aHostWhereNginxIsNotRunningIsRefused() throws Exception {
    SandboxHost box = harness.sandboxHost();
    String onDisk = sha256(box, "/usr/sbin/nginx");
    stopNginx(box);
    try {
      FaultHarness.Run run = harness.upgrade(harness.newBinary("stopped"), TIMEOUTS, StepObserver.NONE);

      assertEquals(UpgradeOutcome.Status.REFUSED, run.outcome().status(), run.outcome().toString());
      assertEquals("nginx is not running (no master process)", run.outcome().reason());
      assertEquals(onDisk, sha256(box, "/usr/sbin/nginx"), "binary untouched");
      assertFalse(exists(box, "/usr/sbin/.nginx.fleet-new"));
      assertTrue(box.masterPids().isEmpty(), "fleet does not start nginx");
    } finally {
      startNginx(box, "/usr/sbin/nginx");
    }
  }

  @Test
  void aMasterStartedWithDaemonOffIsRefused() throws Exception {
    SandboxHost box = harness.sandboxHost();
    stopNginx(box);
    try {
      // As under a supervisor that keeps nginx in the foreground: nginx would ignore USR2.
      run(box, "setsid /usr/sbin/nginx -g 'daemon off;' </dev/null >/dev/null 2>&1 &");
      await(box, () -> box.masterPids().size() == 1, "a foreground master");
      String onDisk = sha256(box, "/usr/sbin/nginx");

      FaultHarness.Run run = harness.upgrade(harness.newBinary("foreground"), TIMEOUTS, StepObserver.NONE);

      assertEquals(UpgradeOutcome.Status.REFUSED, run.outcome().status(), run.outcome().toString());
      assertTrue(run.outcome().reason().contains("is not daemonized"), run.outcome().reason());
      assertEquals(onDisk, sha256(box, "/usr/sbin/nginx"));
      assertEquals(0, run.load().failed(), run.load().toString());
    } finally {
      stopNginx(box);
      startNginx(box, "/usr/sbin/nginx");
    }
  }

  @Test
  void daemonOffInTheConfigurationIsCaughtBeforeAnySignal() throws Exception {
    SandboxHost box = harness.sandboxHost();
    Path conf = box.dir().resolve("fs/etc/nginx/nginx.conf");
    String original = Files.readString(conf);
    stopNginx(box);
    try {
      // The configuration keeps nginx in the foreground, as under a supervisor; the title shows
      // no -g, so only the configuration (nginx -T in stage's config test) tells.
      Files.writeString(conf, "daemon off;\n" + original);
      run(box, "setsid /usr/sbin/nginx </dev/null >/dev/null 2>&1 &");
      await(box, () -> box.masterPids().size() == 1 && dev.fleet.testing.HostFacts.workersOf(box, box.masterPids().get(0)) == 2, "a foreground master");
      long master = soleMaster(box);
      String onDisk = sha256(box, "/usr/sbin/nginx");

      FaultHarness.Run run = harness.upgrade(harness.newBinary("daemon-off-conf"), TIMEOUTS, StepObserver.NONE);

      assertEquals(UpgradeOutcome.Status.ROLLED_BACK, run.outcome().status(), run.outcome().toString());
      assertEquals("stage", run.outcome().step());
      assertTrue(run.outcome().reason().contains("the configuration says \"daemon off;\""), run.outcome().reason());
      assertEquals(master, soleMaster(box), "never signalled");
      assertEquals(onDisk, sha256(box, "/usr/sbin/nginx"), "binary untouched");
      assertFalse(exists(box, "/usr/sbin/.nginx.fleet-new"), "no upload left");
      assertEquals(0, run.load().failed(), run.load().toString());
    } finally {
      stopNginx(box);
      Files.writeString(conf, original);
      startNginx(box, "/usr/sbin/nginx");
    }
  }

  @Test
  void nginxWithoutAMasterProcessIsRefused() throws Exception {
    SandboxHost box = harness.sandboxHost();
    stopNginx(box);
    try {
      run(box, "/usr/sbin/nginx -g 'master_process off;'");
      await(box, () -> box.exec("pgrep", "-f", "master_process off").ok(), "a single nginx process");

      FaultHarness.Run run = harness.upgrade(harness.newBinary("single"), TIMEOUTS, StepObserver.NONE);

      assertEquals(UpgradeOutcome.Status.REFUSED, run.outcome().status(), run.outcome().toString());
      assertTrue(run.outcome().reason().contains("without a master process"), run.outcome().reason());
      assertEquals(0, run.load().failed(), run.load().toString());
    } finally {
      box.exec("pkill", "-QUIT", "-f", "master_process off");
      await(box, () -> !box.exec("pgrep", "-f", "master_process off").ok(), "the single process to stop");
      startNginx(box, "/usr/sbin/nginx");
    }
  }

  @Test
  void aStaleOldbinFileIsRefused() throws Exception {
    SandboxHost box = harness.sandboxHost();
    String before = runningDigest(box);
    long master = soleMaster(box);
    Path oldbin = box.dir().resolve("fs/run/nginx.pid.oldbin");
    Files.writeString(oldbin, "4242\n");
    FaultHarness.Run run;
    try {
      run = harness.upgrade(harness.newBinary("oldbin"), TIMEOUTS, StepObserver.NONE);
    } finally {
      Files.delete(oldbin);
    }

    assertEquals(UpgradeOutcome.Status.REFUSED, run.outcome().status(), run.outcome().toString());
    assertTrue(run.outcome().reason().contains("/run/nginx.pid.oldbin exists"), run.outcome().reason());
    assertEquals(master, soleMaster(box));
    assertSafe(box, before, run, "stale .oldbin");
  }

  @Test
  void aWrongPidFileInTheInventoryIsRefused() throws Exception {
    SandboxHost box = harness.sandboxHost();
    String before = runningDigest(box);
    Host host = harness.host(n -> new NginxSettings(n.binary(), "/run/nginx/other.pid", n.errorLog(), n.healthUrl(), n.healthStatus()));

    FaultHarness.Run run = harness.upgrade(host, harness.newBinary("pidfile"), TIMEOUTS, StepObserver.NONE);

    assertEquals(UpgradeOutcome.Status.REFUSED, run.outcome().status(), run.outcome().toString());
    assertTrue(run.outcome().reason().contains("pid file /run/nginx/other.pid does not hold the running master"), run.outcome().reason());
    assertSafe(box, before, run, "wrong pid_file");
  }

  @Test
  void aBinaryForAnotherCpuIsRefusedBeforeTheUpload() throws Exception {
    SandboxHost box = harness.sandboxHost();
    String before = runningDigest(box);
    Path foreign = harness.newBinary("arm");
    try (var file = new java.io.RandomAccessFile(foreign.toFile(), "rw")) {
      file.seek(18);
      file.write(new byte[] {(byte) 0xb7, 0}); // e_machine EM_AARCH64, little endian
    }

    FaultHarness.Run run = harness.upgrade(foreign, TIMEOUTS, StepObserver.NONE);

    assertEquals(UpgradeOutcome.Status.REFUSED, run.outcome().status(), run.outcome().toString());
    assertTrue(run.outcome().reason().contains("built for aarch64/arm64, the host is"), run.outcome().reason());
    assertSafe(box, before, run, "foreign CPU");
  }

  @Test
  void aDiskThatFillsDuringTheUploadChangesNothing() throws Exception {
    SandboxHost box = harness.sandboxHost();
    long size = Files.size(NginxBinaries.MACHINE_NGINX);
    // A small file system for the binary's directory: room for nginx, the upload and a backup
    // copy, so preflight passes; it fills up as the upload begins.
    run(box, "mkdir -p /tmp/small && mount -t tmpfs -o size=" + (3 * size + 65536) + " tmpfs /tmp/small"
        + " && cp -p /usr/sbin/nginx /tmp/small/nginx");
    stopNginx(box);
    startNginx(box, "/tmp/small/nginx");
    Host host = harness.host(n -> new NginxSettings("/tmp/small/nginx", n.pidFile(), n.errorLog(), n.healthUrl(), n.healthStatus()));
    long master = soleMaster(box);
    String onDisk = sha256(box, "/tmp/small/nginx");
    StepObserver fillDisk =
        new StepObserver() {
          @Override
          public void stepStarted(String h, String step) {
            if (step.equals("stage")) {
              box.exec("dd", "if=/dev/zero", "of=/tmp/small/filler", "bs=64k");
            }
          }
        };
    FaultHarness.Run run;
    try {
      run = harness.upgrade(host, harness.newBinary("diskfull"), TIMEOUTS, fillDisk);

      assertEquals(UpgradeOutcome.Status.ROLLED_BACK, run.outcome().status(), run.outcome().toString());
      assertEquals("stage", run.outcome().step());
      assertTrue(run.outcome().reason().contains("KiB free there now"), run.outcome().reason());
      assertEquals(master, soleMaster(box), "never signalled");
      assertEquals(onDisk, sha256(box, "/tmp/small/nginx"), "binary untouched");
      assertEquals(onDisk, sha256(box, "/proc/" + master + "/exe"));
      assertEquals(List.of("filler", "nginx"), List.of(run(box, "ls -A /tmp/small").split("\\s+")), "no upload or backup left");
      assertEquals(0, run.load().failed(), run.load().toString());
      System.out.printf("disk full: %s at %s (%s), %d HTTP requests, %d failed%n",
          run.outcome().status(), run.outcome().step(), run.outcome().reason(), run.load().sent(), run.load().failed());
    } finally {
      stopNginx(box);
      startNginx(box, "/usr/sbin/nginx");
      run(box, "umount /tmp/small && rmdir /tmp/small");
    }
  }

  @Test
  void aBinaryChangedOnDiskUnderTheRunningMasterIsRefused() throws Exception {
    SandboxHost box = harness.sandboxHost();
    long master = soleMaster(box);
    String running = sha256(box, "/proc/" + master + "/exe");
    // Someone installed another build by rename, as package managers do: the master still runs
    // the old inode, the path names a new file with other content.
    Path other = harness.newBinary("someone-else");
    run(box, "cp -p '" + other + "' /usr/sbin/.nginx.other && mv -f /usr/sbin/.nginx.other /usr/sbin/nginx");
    String changed = sha256(box, "/usr/sbin/nginx");
    try {
      FaultHarness.Run run = harness.upgrade(harness.newBinary("after-change"), TIMEOUTS, StepObserver.NONE);

      assertEquals(UpgradeOutcome.Status.REFUSED, run.outcome().status(), run.outcome().toString());
      assertEquals("/usr/sbin/nginx on disk is not the binary the master runs: someone changed it", run.outcome().reason());
      assertEquals(master, soleMaster(box), "never signalled");
      assertEquals(changed, sha256(box, "/usr/sbin/nginx"), "the file is left as found");
      assertEquals(running, sha256(box, "/proc/" + master + "/exe"));
    } finally {
      run(box, "cp -p /proc/" + master + "/exe /usr/sbin/.nginx.back && mv -f /usr/sbin/.nginx.back /usr/sbin/nginx");
    }
  }

  @Test
  void theSameContentUnderANewInodeIsStillTheRunningBinary() throws Exception {
    SandboxHost box = harness.sandboxHost();
    long master = soleMaster(box);
    String running = sha256(box, "/proc/" + master + "/exe");
    // A reinstall of the same build: another inode, the same bytes; the probe compares digests.
    run(box, "cp -p /usr/sbin/nginx /usr/sbin/.nginx.same && mv -f /usr/sbin/.nginx.same /usr/sbin/nginx");
    Path fresh = harness.newBinary("same-content");
    FaultHarness.Run run = harness.upgrade(fresh, TIMEOUTS, StepObserver.NONE);

    assertEquals(UpgradeOutcome.Status.UPGRADED, run.outcome().status(), run.outcome().toString());
    assertEquals(running, sha256(box, "/usr/sbin/nginx.fleet-backup"), "the backup is what ran before");
    assertSafe(box, sha256(box, fresh.toString()), run, "same content, new inode");
  }

  private static String run(SandboxHost box, String script) {
    CommandResult r = box.exec("sh", "-c", script);
    assertTrue(r.ok(), box.name() + ": " + script + ": " + r.stderr());
    return r.stdout().strip();
  }

  private static void stopNginx(SandboxHost box) throws Exception {
    run(box, "kill -QUIT $(cat /run/nginx.pid)");
    await(box, () -> box.masterPids().isEmpty() && !box.exec("pgrep", "-f", "^nginx: worker").ok(), "nginx to stop");
  }

  private static void startNginx(SandboxHost box, String binary) throws Exception {
    run(box, binary);
    await(box, () -> box.masterPids().size() == 1 && dev.fleet.testing.HostFacts.workersOf(box, box.masterPids().get(0)) == 2, "nginx to start");
  }

  private static void await(SandboxHost box, java.util.function.BooleanSupplier done, String what) throws Exception {
    long deadline = System.nanoTime() + HANG.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(box.name() + ": timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
