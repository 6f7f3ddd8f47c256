package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.RecordStream;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.Shell;
import dev.fleet.transport.TransportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * Runs one command as an exec channel and waits for it within its deadline. The deadline is
 * enforced on the host too: the command runs under the remote {@code timeout} utility, which
 * kills its whole process group, because closing a channel does not stop a process on OpenSSH.
 */
final class CommandRunner {
  /**
   * Runs "$@" under timeout(1) when the host has it; $1 is the deadline, $2 the grace before
   * KILL. It runs inside sudo, so timeout(1) can kill root processes too. Without timeout(1) the
   * command still runs and only the client side of the deadline applies.
   */
  static final String DEADLINE_WRAPPER =
      "d=$1; k=$2; shift 2; if command -v timeout >/dev/null 2>&1;"
          + " then exec timeout -k \"$k\" \"$d\" \"$@\"; fi; exec \"$@\"";

  /** How long opening a shell's channel may take before its commands go as execs. */
  private static final Duration SHELL_OPEN_WAIT = Duration.ofSeconds(10);

  private static final Set<Integer> TIMEOUT_EXITS = Set.of(124, 137);
  /** Two of OpenSSH's 32 KiB packets: larger buffers only cost heap, one per host in flight. */
  private static final int INPUT_CHUNK = 64 * 1024;

  private final String host;
  private final ClientSession session;
  private final boolean useSudo;
  private final Duration killGrace;
  private final Semaphore uploads;
  /** Commands without input and streams go through the host's persistent shells, else execs. */
  private final Shells shells;

  CommandRunner(
      String host,
      ClientSession session,
      boolean useSudo,
      Duration killGrace,
      Semaphore uploads,
      boolean persistentShell,
      ShellLibrary library) {
    this.host = host;
    this.session = session;
    this.useSudo = useSudo;
    this.killGrace = killGrace;
    this.uploads = uploads;
    this.shells = persistentShell ? new Shells(host, session, useSudo, SHELL_OPEN_WAIT, library) : null;
  }

  /** Starts the persistent shells, if any, so they are ready by the first command. */
  void warmUp() {
    if (shells != null) {
      shells.warmUp();
    }
  }

  /** Ends the persistent shells, if any: the loop ends when its stdin closes. */
  void close() {
    if (shells != null) {
      shells.close();
    }
  }

  CommandResult run(RemoteCommand command, Duration timeout) throws TransportException {
    return run(command, null, timeout);
  }

  /** A few bytes need no upload permit: they never hold an SSH window in the heap. */
  CommandResult runWithSecret(RemoteCommand command, String secret, Duration timeout) throws TransportException {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    return runNow(command, new Stdin("a secret", () -> new java.io.ByteArrayInputStream(bytes)), timeout);
  }

  /** What a command reads on its stdin, and how to name it in an error (never its content). */
  private record Stdin(String name, Opener opener) {}

  private interface Opener {
    InputStream open() throws IOException;
  }

  /**
   * As {@link #run(RemoteCommand, Duration)}, with the bytes of {@code input} (if any) as stdin.
   * A command with input first waits for one of the connector's upload permits; the deadline
   * counts from when it has one.
   */
  CommandResult run(RemoteCommand command, Path input, Duration timeout) throws TransportException {
    if (input == null) {
      return runNow(command, (Stdin) null, timeout);
    }
    try {
      uploads.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(host + ": interrupted while waiting to send " + input, false, e);
    }
    try {
      return runNow(command, new Stdin(input.toString(), () -> Files.newInputStream(input)), timeout);
    } finally {
      uploads.release();
    }
  }

  private CommandResult runNow(RemoteCommand command, Stdin input, Duration timeout) throws TransportException {
    if (input == null && shells != null) {
      CommandResult answered = inShell(command, timeout);
      if (answered != null) {
        return answered;
      }
    }
    return exec(command, input, timeout);
  }

  /**
   * Runs {@code command} in the host's persistent shell, with the same deadline wrapper, the
   * same checks of the status and the same exceptions as an exec; null when no shell can take
   * it (busy with another thread's request, or none starts on this host): then it is an exec.
   */
  private CommandResult inShell(RemoteCommand command, Duration timeout) throws TransportException {
    boolean asRoot = useSudo && command.privileged();
    Duration wait = timeout.plus(killGrace).plus(killGrace);
    long started = System.nanoTime();
    CommandResult result;
    try {
      result = shells.ask(asRoot, shellRequest(command, timeout), wait);
    } catch (PersistentShell.NoAnswer e) {
      switch (e.failure) {
        case HUNG -> throw timedOut(command, timeout, "the host did not confirm it stopped the command");
        case LOST -> throw new TransportException(
            host + ": connection lost while running " + command.label() + " (" + e.getMessage() + ")", true);
      }
      throw new IllegalStateException(e.failure.toString(), e);
    } catch (IOException e) {
      throw new TransportException(
          host + ": " + command.label() + " failed: " + ConnectFailure.rootMessage(e), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(host + ": interrupted while running " + command.label(), false, e);
    }
    if (result == null) {
      return null;
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    if (TIMEOUT_EXITS.contains(result.exitStatus()) && elapsed.compareTo(timeout) >= 0) {
      throw timedOut(command, timeout, "stopped on the host");
    }
    SudoRefusal.check(host, command, useSudo, result);
    return result;
  }

  private CommandResult exec(RemoteCommand command, Stdin input, Duration timeout) throws TransportException {
    String line = commandLine(command, timeout);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long started = System.nanoTime();
    try (ChannelExec channel = session.createExecChannel(line)) {
      channel.setOut(out);
      channel.setErr(err);
      Duration wait = timeout.plus(killGrace).plus(killGrace);
      channel.open().verify(wait);
      if (input != null) {
        send(input, channel);
      }
      Set<ClientChannelEvent> events =
          channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), wait.toMillis());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      if (events.contains(ClientChannelEvent.TIMEOUT)) {
        channel.close(true);
        throw timedOut(command, timeout, "the host did not confirm it stopped the command");
      }
      Integer status = channel.getExitStatus();
      if (status == null) {
        throw new TransportException(
            host + ": connection lost while running " + command.label() + signal(channel), true);
      }
      CommandResult result =
          new CommandResult(
              status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
      if (TIMEOUT_EXITS.contains(status) && elapsed.compareTo(timeout) >= 0) {
        throw timedOut(command, timeout, "stopped on the host");
      }
      SudoRefusal.check(host, command, useSudo, result);
      return result;
    } catch (IOException e) {
      throw new TransportException(
          host + ": " + command.label() + " failed: " + ConnectFailure.rootMessage(e), true, e);
    }
  }

  /**
   * Starts {@code command} under the same deadline wrapper as {@link #run}, its output read as
   * records while it runs: in the host's persistent shell when one is free, else as an exec.
   */
  RecordStream stream(RemoteCommand command, Duration timeout) throws TransportException {
    if (shells != null) {
      try {
        RecordStream inShell =
            shells.stream(useSudo && command.privileged(), command, useSudo, shellRequest(command, timeout));
        if (inShell != null) {
          return inShell;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransportException(host + ": interrupted while starting " + command.label(), false, e);
      }
    }
    ChannelExec channel = null;
    try {
      channel = session.createExecChannel(commandLine(command, timeout));
      return ChannelRecordStream.open(host, command, useSudo, channel, timeout.plus(killGrace));
    } catch (IOException e) {
      if (channel != null) {
        channel.close(true);
      }
      throw new TransportException(
          host + ": " + command.label() + " failed: " + ConnectFailure.rootMessage(e), true, e);
    }
  }

  /**
   * Streams the file into the command's stdin and closes it. Large writes let Apache SSHD cut
   * full-size packets straight from the buffer. A command that stops reading early (a full disk)
   * ends and closes the channel: the rest is not sent, and its exit status, read after, tells
   * why; a lost connection shows there as no exit status.
   */
  private void send(Stdin input, ChannelExec channel) throws TransportException {
    byte[] buffer = new byte[INPUT_CHUNK];
    OutputStream toRemote = channel.getInvertedIn();
    try (InputStream in = input.opener().open()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (!deliver(toRemote, buffer, n)) {
          return;
        }
      }
      deliver(toRemote, buffer, -1);
    } catch (IOException e) {
      throw new TransportException(host + ": cannot read " + input.name() + ": " + e.getMessage(), false, e);
    }
  }

  /** Writes {@code n} bytes, or closes the stream for n < 0; false once the other end is gone. */
  private static boolean deliver(OutputStream toRemote, byte[] buffer, int n) {
    try {
      if (n < 0) {
        toRemote.close();
      } else {
        toRemote.write(buffer, 0, n);
      }
      return true;
    } catch (IOException gone) {
      return false; // the command or the connection ended first: the exit status says which
    }
  }

  /** {@code [sudo -n --] sh -c WRAPPER fleet DEADLINE GRACE sh -c SCRIPT fleet ARGS...} */
  String commandLine(RemoteCommand command, Duration timeout) {
    return deadlineLine(command, timeout, useSudo);
  }

  /** {@code command} under the deadline wrapper, as a request to a {@link PersistentShell}. */
  private ShellRequest shellRequest(RemoteCommand command, Duration timeout) {
    return new ShellRequest(seconds(timeout), seconds(killGrace), command.script(), command.args());
  }

  /** The command under the deadline wrapper; through sudo if {@code sudo} and privileged. */
  private String deadlineLine(RemoteCommand command, Duration timeout, boolean sudo) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of(seconds(timeout), seconds(killGrace), "sh", "-c", command.script(), "fleet"));
    args.addAll(command.args());
    return new RemoteCommand(DEADLINE_WRAPPER, args, command.privileged(), command.label())
        .render(sudo);
  }

  private TransportException timedOut(RemoteCommand command, Duration timeout, String what) {
    return new TransportException(
        host + ": " + command.label() + " did not finish within " + seconds(timeout) + "s; " + what,
        false);
  }

  private static String signal(ChannelExec channel) {
    String signal = channel.getExitSignal();
    return signal == null ? "" : " (killed by SIG" + signal + ")";
  }

  /** timeout(1) takes fractions ("0.500"); it reads 0 as no deadline, so never less than 1 ms. */
  static String seconds(Duration d) {
    return Shell.seconds(d.toMillis() < 1 ? Duration.ofMillis(1) : d);
  }
}
