package dev.fleet.nginx;

import dev.fleet.transport.TransportException;
import java.util.List;
import java.util.Optional;

/**
 * Reads the running master once and refuses hosts the upgrade cannot be done safely on, and
 * records what the health check's addresses answer now, for verify. Changes nothing: the config
 * test of the new binary happens in stage, on the uploaded file.
 */
final class Preflight implements UpgradeStep {

  @Override
  public String name() {
    return "preflight";
  }

  @Override
  public Phase phase() {
    return Phase.CHECK;
  }

  @Override
  public void apply(UpgradeContext ctx) throws TransportException, StepFailure {
    String look = ctx.probe.withHostFacts(ProbeMode.MASTERS);
    NginxSnapshot snap = NginxSnapshot.parse(look);
    ProcessEntry master = soleMaster(ctx, snap);
    String running = checkBinary(ctx, snap, master);
    ctx.oldMaster = master;
    ctx.oldSha256 = running;
    ctx.alreadyCurrent = running.equals(ctx.targetSha256);
    ctx.expectedWorkers = snap.activeWorkersOf(master.pid()).size();
    if (ctx.expectedWorkers == 0) {
      throw new StepFailure(
          "the master " + master.pid() + " has no workers (master_process off, or a WINCH left it idle)");
    }
    if (!ctx.alreadyCurrent) {
      checkHostFits(ctx, look);
    }
    recordHealth(ctx, look);
  }

  /**
   * Keeps what the health check's addresses answered (preflight.sh's answer lines): verify asks
   * the new master the same and, without a health_url, wants the same statuses. A host to upgrade
   * where nothing can be asked is refused now rather than rolled back at verify.
   */
  static void recordHealth(UpgradeContext ctx, String facts) throws StepFailure {
    HealthAnswers answers = HealthAnswers.parse(facts);
    ctx.healthBefore = answers;
    if (answers.error().isPresent() && !ctx.alreadyCurrent) {
      throw new StepFailure(
          "the health check cannot run: " + answers.error().get()
              + " (install curl or wget on the host, or set nginx.health_check: off)");
    }
  }

  /** Exactly one daemonized master, named by the pid file, with no upgrade half-way. */
  static ProcessEntry soleMaster(UpgradeContext ctx, NginxSnapshot snap) throws StepFailure {
    List<ProcessEntry> masters = snap.masters();
    if (masters.isEmpty()) {
      throw new StepFailure(
          snap.untitled().isEmpty()
              ? "nginx is not running (no master process)"
              : "nginx runs without a master process (pid "
                  + snap.untitled().get(0).pid()
                  + ", master_process off?): no on-the-fly upgrade is possible");
    }
    if (masters.size() > 1) {
      throw new StepFailure(
          "two nginx masters are running ("
              + masters.stream().map(m -> Integer.toString(m.pid())).toList()
              + "): an upgrade is already half-way");
    }
    if (snap.oldbinFile().isPresent()) {
      throw new StepFailure(ctx.host.nginx().pidFile() + ".oldbin exists: an upgrade is already half-way");
    }
    ProcessEntry master = masters.get(0);
    if (snap.pidFile().isEmpty() || snap.pidFile().getAsInt() != master.pid()) {
      throw new StepFailure(
          "pid file "
              + ctx.host.nginx().pidFile()
              + " does not hold the running master "
              + master.pid()
              + " (holds "
              + (snap.pidFile().isPresent() ? snap.pidFile().getAsInt() : "nothing")
              + "; check nginx.pid_file)");
    }
    // nginx ignores USR2 from a master started with "daemon off" (logged at [crit] only); the
    // config file's own "daemon off;" is found by stage's config test (conftest.sh), which runs
    // nginx -T with the master's arguments.
    if (master.masterArguments().replaceAll("\\s+", " ").contains("daemon off")) {
      throw new StepFailure(
          "the master "
              + master.pid()
              + " is not daemonized ("
              + (master.masterArguments().isEmpty() ? "no arguments" : master.masterArguments())
              + "): nginx ignores USR2 with daemon off");
    }
    if (!master.masterBinary().startsWith("/")) {
      throw new StepFailure(
          "the master was started as " + master.masterBinary() + ", a relative path nginx cannot re-execute");
    }
    return master;
  }

  /** The master runs nginx.binary, and the file there is still what it runs. */
  static String checkBinary(UpgradeContext ctx, NginxSnapshot snap, ProcessEntry master)
      throws StepFailure {
    if (!master.masterBinary().equals(ctx.binary())) {
      throw new StepFailure(
          "the master runs " + master.masterBinary() + ", not nginx.binary " + ctx.binary());
    }
    String running =
        snap.exeDigest(master.pid())
            .orElseThrow(() -> new StepFailure("could not read the running master's executable"));
    if (!snap.binaryDigest().equals(Optional.of(running))) {
      throw new StepFailure(
          ctx.binary() + " on disk is not the binary the master runs: someone changed it");
    }
    return running;
  }

  /**
   * Same CPU architecture, room for the upload and a backup copy; notes the running version.
   * {@code facts}: preflight's look, whose arch, avail and version lines preflight.sh wrote.
   */
  static void checkHostFits(UpgradeContext ctx, String facts) throws StepFailure {
    String arch = field(facts, "arch");
    ctx.oldVersion = field(facts, "version");
    ctx.hostArch = arch;
    if (ctx.newBinary == null) {
      return; // a rollback installs a file that already ran here
    }
    if (ctx.newBinary.pulled()) {
      // Nobody here has the file: stage checks its CPU after the download. Its size is unknown
      // too; a full disk fails the download, which stage reports with the client's words.
      if (field(facts, "fetcher").equals("none")) {
        throw new StepFailure(
            "neither curl nor wget is installed on the host to download " + ctx.newBinary.url() + " with");
      }
      return;
    }
    ElfMachine.Kind kind =
        ElfMachine.ofQuietly(ctx.newBinary.file())
            .orElseThrow(() -> new StepFailure("cannot read the new binary " + ctx.newBinary.file()));
    if (kind instanceof ElfMachine.Other) {
      throw new StepFailure(ctx.newBinary.file() + " is neither an ELF executable nor a #! script");
    }
    if (kind instanceof ElfMachine.Elf elf && !elf.runsOn(arch)) {
      throw new StepFailure(
          "the new binary is built for " + elf.describe() + ", the host is " + (arch.isEmpty() ? "unknown" : arch));
    }
    String avail = field(facts, "avail");
    // The upload, plus a full copy for the backup where a hard link is not allowed.
    long needed = 2 * ctx.newBinary.size();
    if (avail.matches("\\d+") && Long.parseLong(avail) * 1024 < needed) {
      throw new StepFailure(
          "only " + avail + " KiB free beside " + ctx.binary() + ", the upload and backup need " + (needed + 1023) / 1024 + " KiB");
    }
  }

  static String field(String output, String key) {
    return output.lines()
        .filter(l -> l.startsWith(key + " ") || l.equals(key))
        .map(l -> l.substring(key.length()).strip())
        .findFirst()
        .orElse("");
  }

  @Override
  public void undo(UpgradeContext ctx) {
    // Preflight changes nothing.
  }
}
