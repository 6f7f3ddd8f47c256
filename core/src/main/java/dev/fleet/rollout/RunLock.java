package dev.fleet.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * One run per inventory at a time: a lock file created atomically beside the runs, naming its
 * owner so a refusal can say who holds it. A lock whose process is gone (same machine, dead pid)
 * is stale: reported as such and broken only when asked.
 */
public final class RunLock implements AutoCloseable {
  /** The journal's: one mapper to set up per run (~40 ms on a cold JVM), not two. */
  private static final ObjectMapper JSON = RunJournal.JSON;

  /** Who holds a lock. */
  public record Owner(
      String user, long pid, String pidStarted, String machine, String started, String run) {
    public String describe() {
      return "run " + run + " by " + user + " (pid " + pid + " on " + machine + ", since " + started + ")";
    }
  }

  /** The lock is held by a live run, or by a dead one when {@code stale}. */
  public static final class HeldException extends Exception {
    private final Owner owner;
    private final boolean stale;

    HeldException(Owner owner, boolean stale) {
      super(
          stale
              ? "a stale lock is left by " + owner.describe() + ", whose process is gone;"
                  + " check that run's hosts with `fleet status`, then pass --break-lock"
              : "another fleet run holds the lock: " + owner.describe());
      this.owner = owner;
      this.stale = stale;
    }

    public Owner owner() {
      return owner;
    }

    public boolean stale() {
      return stale;
    }
  }

  private final Path file;

  private RunLock(Path file) {
    this.file = file;
  }

  /**
   * Takes the lock in {@code stateDir}. A stale lock is broken when {@code breakStale}, or when it
   * was left by the very run being resumed: resuming a run whose controller died is the point.
   */
  public static RunLock acquire(Path stateDir, String runId, boolean breakStale)
      throws IOException, HeldException {
    Files.createDirectories(stateDir);
    Path file = stateDir.resolve("lock");
    Owner me =
        new Owner(
            System.getProperty("user.name"),
            ProcessHandle.current().pid(),
            processStart(ProcessHandle.current()),
            machineName(),
            Instant.now().toString(),
            runId);
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        Files.write(file, JSON.writeValueAsBytes(me), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new RunLock(file);
      } catch (FileAlreadyExistsException held) {
        Optional<Owner> owner = read(file);
        if (owner.isEmpty()) {
          continue; // released between our two looks
        }
        boolean stale = isStale(owner.get());
        boolean sameRun = owner.get().run().equals(runId);
        if (!stale || !(breakStale || sameRun)) {
          throw new HeldException(owner.get(), stale);
        }
        Files.deleteIfExists(file);
      }
    }
    throw new IOException("could not take the lock " + file + ": it keeps changing hands");
  }

  public static Optional<Owner> read(Path file) throws IOException {
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(file), Owner.class));
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    }
  }

  /** Only a lock from this machine can be judged: its pid is gone, or now names a newer process. */
  static boolean isStale(Owner owner) {
    if (!owner.machine().equals(machineName())) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(owner.pid());
    return process.isEmpty() || !processStart(process.get()).equals(owner.pidStarted());
  }

  private static String processStart(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toString).orElse("");
  }

  private static String machineName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
