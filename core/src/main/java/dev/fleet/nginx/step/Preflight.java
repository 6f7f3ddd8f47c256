package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.HealthAnswers;
import dev.fleet.nginx.probe.NginxProbe;
import dev.fleet.nginx.probe.NginxSnapshot;
import dev.fleet.nginx.probe.ProbeMode;
import dev.fleet.nginx.probe.ProcessEntry;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.transport.TransportException;
import java.util.List;
import java.util.Optional;

/**
 * Reads the running master once and refuses hosts the upgrade cannot be done safely on, and
 * records what the health check's addresses answer now, for verify. Changes nothing: the config
 * test of the new binary happens in stage, on the uploaded file.
 */
public final class Preflight implements UpgradeStep<Unchecked, Checked> {

  /** What preflight had read when it refused the host, for {@code fleet plan}'s verdict. */
  public record Seen(Optional<String> version, Optional<String> sha256, Optional<HealthAnswers> health) {
    public static final Seen NOTHING = new Seen(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** A refusal once the running binary was read: it says what preflight had seen by then. */
  public static final class Refused extends StepFailure {
    private final Seen seen;

    Refused(String message, Seen seen) {
      super(message);
      this.seen = seen;
    }

    public Seen seen() {
      return seen;
    }
  }

  /**
   * What the host must end up running, from preflight's look: empty only for {@code fleet check}
   * without a binary; throws when the procedure has none to install.
   */
  interface Target {
    Optional<String> of(HostSession session, NginxSnapshot snap) throws StepFailure;
  }

  @Override
  public String name() {
    return "preflight";
  }

  @Override
  public Phase phase() {
    return Phase.CHECK;
  }

  @Override
  public Checked apply(HostSession session, Unchecked in) throws TransportException, StepFailure {
    return check(
        session,
        ProbeMode.MASTERS,
        (s, snap) -> s.knownTarget(),
        " (master_process off, or a WINCH left it idle)");
  }

  /**
   * Preflight for either procedure: {@code mode} what the look hashes, {@code target} what is to
   * be installed, {@code idleHint} what the refusal of a master without workers adds.
   */
  static Checked check(HostSession session, ProbeMode mode, Target target, String idleHint)
      throws TransportException, StepFailure {
    NginxProbe.HostFacts facts = session.probe().withHostFacts(mode);
    String look = facts.look();
    NginxSnapshot snap = NginxSnapshot.parse(look);
    ProcessEntry master = soleMaster(session, snap);
    String running = checkBinary(session, snap, master);
    Optional<String> targetSha256 = target.of(session, snap);
    Seen seen = new Seen(Optional.empty(), Optional.of(running), Optional.empty());
    boolean current = targetSha256.equals(Optional.of(running));
    int workers = snap.activeWorkersOf(master.pid()).size();
    if (workers == 0) {
      throw new Refused("the master " + master.pid() + " has no workers" + idleHint, seen);
    }
    Optional<String> version = Optional.empty();
    Optional<String> arch = Optional.empty();
    if (!current) {
      version = known(field(look, "version"));
      arch = known(field(look, "arch"));
      seen = new Seen(version, seen.sha256(), Optional.empty());
      try {
        checkHostFits(session, look);
      } catch (StepFailure refused) {
        throw new Refused(refused.getMessage(), seen);
      }
    }
    // What the health check's addresses answer now: verify asks the new master the same and,
    // without a health_url, wants the same statuses. A host to upgrade where nothing can be asked
    // is refused now rather than rolled back at verify.
    HealthAnswers answers = facts.health();
    seen = new Seen(seen.version(), seen.sha256(), Optional.of(answers));
    if (current) {
      return new AlreadyCurrent(running, answers);
    }
    if (answers.error().isPresent()) {
      throw new Refused(
          "the health check cannot run: " + answers.error().get()
              + " (install curl or wget on the host, or set nginx.health_check: off)",
          seen);
    }
    return new Preflighted(master, running, targetSha256, workers, version, arch, Optional.of(answers));
  }

  private static Optional<String> known(String field) {
    return field.isEmpty() ? Optional.empty() : Optional.of(field);
  }

  /** Exactly one daemonized master, named by the pid file, with no upgrade half-way. */
  static ProcessEntry soleMaster(HostSession session, NginxSnapshot snap) throws StepFailure {
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
      throw new StepFailure(session.host().nginx().pidFile() + ".oldbin exists: an upgrade is already half-way");
    }
    ProcessEntry master = masters.get(0);
    if (snap.pidFile().isEmpty() || snap.pidFile().getAsInt() != master.pid()) {
      throw new StepFailure(
          "pid file "
              + session.host().nginx().pidFile()
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
  static String checkBinary(HostSession session, NginxSnapshot snap, ProcessEntry master)
      throws StepFailure {
    if (!master.masterBinary().equals(session.binary())) {
      throw new StepFailure(
          "the master runs " + master.masterBinary() + ", not nginx.binary " + session.binary());
    }
    String running =
        snap.exeDigest(master.pid())
            .orElseThrow(() -> new StepFailure("could not read the running master's executable"));
    if (!snap.binaryDigest().equals(Optional.of(running))) {
      throw new StepFailure(
          session.binary() + " on disk is not the binary the master runs: someone changed it");
    }
    return running;
  }

  /**
   * Same CPU architecture, room for the upload and a backup copy. {@code facts}: preflight's
   * look, whose arch, avail and fetcher lines preflight.sh wrote.
   */
  static void checkHostFits(HostSession session, String facts) throws StepFailure {
    String arch = field(facts, "arch");
    if (session.newBinary().isEmpty()) {
      return; // a rollback installs a file that already ran here
    }
    NewBinary newBinary = session.newBinary().get();
    if (newBinary.pulled()) {
      // Nobody here has the file: stage checks its CPU after the download. Its size is unknown
      // too; a full disk fails the download, which stage reports with the client's words.
      if (field(facts, "fetcher").equals("none")) {
        throw new StepFailure(
            "neither curl nor wget is installed on the host to download " + newBinary.url() + " with");
      }
      return;
    }
    ElfMachine.Kind kind =
        ElfMachine.ofQuietly(newBinary.file())
            .orElseThrow(() -> new StepFailure("cannot read the new binary " + newBinary.file()));
    if (kind instanceof ElfMachine.Other) {
      throw new StepFailure(newBinary.file() + " is neither an ELF executable nor a #! script");
    }
    if (kind instanceof ElfMachine.Elf elf && !elf.runsOn(arch)) {
      throw new StepFailure(
          "the new binary is built for " + elf.describe() + ", the host is " + (arch.isEmpty() ? "unknown" : arch));
    }
    String avail = field(facts, "avail");
    // The upload, plus a full copy for the backup where a hard link is not allowed.
    long needed = 2 * newBinary.size();
    if (avail.matches("\\d+") && Long.parseLong(avail) * 1024 < needed) {
      throw new StepFailure(
          "only " + avail + " KiB free beside " + session.binary() + ", the upload and backup need " + (needed + 1023) / 1024 + " KiB");
    }
  }

  public static String field(String output, String key) {
    return output.lines()
        .filter(l -> l.startsWith(key + " ") || l.equals(key))
        .map(l -> l.substring(key.length()).strip())
        .findFirst()
        .orElse("");
  }

  @Override
  public void undo(HostSession session, Unchecked in) {
    // Preflight changes nothing.
  }
}
