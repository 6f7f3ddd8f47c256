package dev.fleet.nginx.probe;

import dev.fleet.inventory.NginxSettings;
import dev.fleet.nginx.script.Privilege;
import dev.fleet.nginx.script.Scripts;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RecordStream;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A signal and the wait after it as one remote command (watch.sh): the host signals the master
 * (checking first that the pid is still the process fleet saw), then prints a snapshot each time
 * fleet asks for one. Fleet judges each snapshot as it arrives and asks for the next after a
 * pause, paced as {@link Poll} paces its looks, until one shows the end of the wait; then it
 * closes the command. Every look is the probe a poll would run; the session, login shell and sudo
 * of a command per look are saved, and the host runs no sleep between looks.
 */
public final class NginxWatch implements AutoCloseable {
  /** The host gives up on its own this long after fleet's deadline, should fleet be gone. */
  private static final Duration HOST_MARGIN = Duration.ofSeconds(30);

  /** One snapshot judged: a value when the wait is over, empty to wait on, StepFailure to stop. */
  public interface Look<T> {
    Optional<T> at(NginxSnapshot snapshot) throws StepFailure, TransportException;
  }

  private final RecordStream stream;
  private final String signalled;
  private final long started = System.nanoTime();
  private NginxSnapshot before;

  private NginxWatch(RecordStream stream, String signalled) {
    this.stream = stream;
    this.signalled = signalled;
  }

  /**
   * Sends {@code signal} to {@code target} and starts watching. With {@code readLog}, each
   * snapshot also holds the error log's [emerg]/[alert]/[crit] lines written after the signal and
   * the pid file's change time; without, pid files and processes only: the cheapest look, and
   * all a wait that judges processes needs.
   */
  public static NginxWatch afterSignal(
      Connection connection,
      NginxSettings nginx,
      ProcessEntry target,
      String signal,
      boolean readLog,
      Duration timeout)
      throws TransportException {
    List<String> args =
        new ArrayList<>(
            List.of(signal, Integer.toString(target.pid()), Long.toString(target.startTicks()), nginx.binary()));
    args.addAll(NginxProbe.arguments(
        nginx, readLog ? ProbeMode.QUICK : ProbeMode.LEAN, readLog ? ProbeMode.OFFSET_AT_SIGNAL : ""));
    RemoteCommand watch = new RemoteCommand(Scripts.watch(), args, true, "watch-" + signal);
    return new NginxWatch(
        connection.stream(watch, timeout.plus(HOST_MARGIN)), signal + " to master " + target.pid());
  }

  /** nginx as it was just before the signal; its error log size is where this wait's lines begin. */
  public NginxSnapshot before() throws TransportException, StepFailure, InterruptedException {
    if (before == null) {
      before =
          NginxSnapshot.parse(
              stream.next(HOST_MARGIN).orElseThrow(() -> ended("no snapshot before the signal")));
    }
    return before;
  }

  /**
   * Judges each snapshot after the signal until {@code look} gives a value, throws, or {@code
   * timeout} (counted from the start of the watch) has passed.
   */
  public <T> T until(Duration timeout, Look<T> look, Poll.TimeoutMessage onTimeout)
      throws TransportException, StepFailure, InterruptedException {
    before();
    long deadline = started + timeout.toNanos();
    Duration pause = Poll.FIRST;
    boolean answered = true; // the last ask, if any, was answered: the next look is asked for
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new StepFailure(onTimeout.describe(Duration.ofNanos(System.nanoTime() - started)));
      }
      if (answered) {
        // Nothing waited for is done the moment the signal lands, and a look costs the host CPU.
        Thread.sleep(Math.max(1, Math.min(pause.toMillis(), left / 1_000_000)));
        pause = Poll.next(pause);
        left = deadline - System.nanoTime();
      }
      Optional<String> record = stream.next(Duration.ofNanos(Math.max(0, left)));
      answered = record.isPresent();
      if (record.isPresent()) {
        Optional<T> value = look.at(NginxSnapshot.parse(record.get()));
        if (value.isPresent()) {
          return value.get();
        }
      } else if (stream.result().isPresent()) {
        throw ended("the watch ended");
      }
    }
  }

  /** The command stopped before fleet closed it: the signal was refused, or the host gave up. */
  private StepFailure ended(String what) {
    Optional<CommandResult> result = stream.result();
    if (result.isPresent() && !result.get().ok()) {
      return new StepFailure("could not send " + signalled + ": " + Privilege.explain(result.get()));
    }
    return new StepFailure(what + " after " + signalled + " (" + result.map(r -> "exit " + r.exitStatus()).orElse("no answer") + ")");
  }

  @Override
  public void close() {
    stream.close();
  }
}
