package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.RecordStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;

/**
 * One {@code sh} on the host, kept open for a host's whole upgrade, that runs fleet's requests
 * one after another: each request costs one round trip and one process on the host (the script's
 * sh), where an exec costs a channel open, a session process of sshd, a login shell and a
 * deadline wrapper besides.
 *
 * <p>A request is one line: {@code fleet_run DEADLINE GRACE 'sh' '-c' SCRIPT 'fleet' ARGS...},
 * every word quoted as for an exec, the newlines inside quoted words travelling as
 * {@code '"$N"'}, which the loop's {@code eval} turns back into newlines. SCRIPT is the expansion
 * of variables that hold its pieces, each assigned, quoted the same way, in the first request
 * that needs it ({@link HeldScripts}). So the host's shell parses exactly the words an exec would
 * carry, and nothing else; {@code fleet_run} enforces the deadline on the host, through the
 * shell's {@link ShellWatchdog}, or with timeout(1) as the exec's wrapper does where the host has
 * no bash. A command's stdout and stderr go straight to the channel, each answer ended by a
 * marker with this shell's nonce (see {@link ShellFrames}). A command's stdin is /dev/null, but a stream's (a
 * {@link dev.fleet.transport.RecordStream}) is the shell's own: it reads its asks there, line by
 * line with the {@code read} builtin, which never takes more than the line, and the loop skips
 * an ask the command ended before reading.
 */
final class PersistentShell implements AutoCloseable {
  /**
   * The loop; its first line of input is the nonce, kept out of argv where any user of the host
   * could read it; $1 is set when the watchdog started it. Its names start with {@code fleet_},
   * which no request defines.
   */
  static final String LOOP =
      "IFS= read -r fleet_n || exit 1\n"
          + "N='\n'\n"
          + "fleet_w=$1\n"
          + "fleet_t=; if command -v timeout >/dev/null 2>&1; then fleet_t=1; fi\n"
          + "fleet_run() {\n"
          + ShellWatchdog.RUN_BODY
          + "}\n"
          + "printf '%s\\n' '" + ShellFrames.GREETING + "'\n"
          + "while IFS= read -r fleet_req; do\n"
          + "  case $fleet_req in " + RecordStream.MORE + "|" + RecordStream.STOP + ") continue ;; esac\n"
          + "  eval \"$fleet_req\"\n"
          + "  fleet_rc=$?\n"
          + "  printf '%s %s\\n' \"$fleet_n\" \"$fleet_rc\"\n"
          + "  printf '%s\\n' \"$fleet_n\" >&2\n"
          + "done\n";

  /** The shell function of {@link #LOOP} that runs "$@" within a deadline. */
  static final String RUN = "fleet_run";

  /** How a request ended when it brought no answer. */
  enum Failure {
    /** The channel or the session closed while a request was out: as a lost connection. */
    LOST,
    /** No answer within the request's deadline and grace: the host did not report back. */
    HUNG
  }

  /** A request that brought no answer; the shell is closed and must not be used again. */
  static final class NoAnswer extends Exception {
    final Failure failure;

    NoAnswer(Failure failure, String detail) {
      super(detail, null, false, false);
      this.failure = failure;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ChannelExec channel;
  private final ShellFrames frames;
  /** What this shell's loop holds of the scripts: its library's, and what its requests sent. */
  private final HeldScripts held;
  private OutputStream toShell;
  private volatile boolean usable;

  private PersistentShell(ChannelExec channel, ShellFrames frames, ShellLibrary library) {
    this.channel = channel;
    this.frames = frames;
    this.held = new HeldScripts(library);
  }

  /** A fresh nonce: 128 random bits as hex, only ever sent to start the loop. */
  static String nonce() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
  }

  /**
   * Starts the loop ({@link ShellWatchdog#BOOT}, through sudo for a root shell) and sends it its
   * nonce, without waiting for its greeting: the shell takes requests only once it has greeted ({@link
   * #awaitReady}), so no request is ever sent to a shell that might not be fleet's loop. The loop
   * starts holding {@code library}'s pieces.
   */
  static PersistentShell begin(ClientSession session, boolean sudo, Duration openWait, ShellLibrary library)
      throws IOException {
    String nonce = nonce();
    ChannelExec channel = session.createExecChannel(library.command(sudo));
    PersistentShell shell = new PersistentShell(channel, new ShellFrames(nonce), library);
    channel.setOut(shell.frames.stdout());
    channel.setErr(shell.frames.stderr());
    channel.addChannelListener(
        new ChannelListener() {
          @Override
          public void channelClosed(Channel c, Throwable reason) {
            shell.usable = false;
            shell.frames.closed();
          }
        });
    try {
      channel.open().verify(openWait);
      shell.toShell = channel.getInvertedIn();
      shell.toShell.write((nonce + "\n").getBytes(StandardCharsets.US_ASCII));
      shell.toShell.flush();
      shell.usable = true;
      return shell;
    } catch (IOException | RuntimeException e) {
      shell.close();
      throw e;
    }
  }

  /** Greeted at some point, whether or not it is still open. */
  boolean greetedOnce() {
    return frames.greeted();
  }

  /**
   * Waits at most {@code wait} for the greeting: true once the shell takes requests. A request
   * waits for its shell rather than going as an exec meanwhile: the exec costs the host a session,
   * a login shell and a wrapper, and its round trips are no fewer than the greeting's.
   */
  boolean awaitReady(Duration wait) throws InterruptedException {
    return frames.awaitGreeting(wait) && usable();
  }

  boolean usable() {
    return usable && channel.isOpen() && !channel.isClosing();
  }

  /**
   * Sends one request (its stdin /dev/null) and waits at most {@code wait} for its answer. Any
   * failure closes the shell: what it would answer next could belong to the request that failed.
   */
  CommandResult ask(ShellRequest request, Duration wait) throws NoAnswer, IOException {
    Collected answer = new Collected();
    frames.expect(answer);
    try {
      send(oneLine(held.line(request) + " </dev/null"));
      Object got = answer.await(wait);
      if (got instanceof CommandResult result) {
        return result;
      }
      close();
      if (got == null) {
        throw new NoAnswer(Failure.HUNG, "no answer");
      }
      throw new NoAnswer(Failure.LOST, (String) got);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new NoAnswer(Failure.HUNG, "interrupted");
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  /**
   * Starts a stream's command with the shell's stdin as its own; {@code receiver} gets its
   * output as it comes. The caller sends its asks with {@link #send}.
   */
  void start(ShellRequest request, ShellFrames.Receiver receiver) throws IOException {
    frames.expect(receiver);
    try {
      send(oneLine(held.line(request)));
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  /** One line (a request, or a stream's ask) to the shell's stdin. */
  synchronized void send(String line) throws IOException {
    toShell.write(line.getBytes(StandardCharsets.UTF_8));
    toShell.flush();
  }

  /** The command line with each newline (only ever inside a quoted word) as {@code '"$N"'}. */
  static String oneLine(String commandLine) {
    return commandLine.replace("\n", "'\"$N\"'") + "\n";
  }

  /** A request's answer, whole: a CommandResult, or why none will come. */
  private static final class Collected implements ShellFrames.Receiver {
    private final BlockingQueue<Object> end = new ArrayBlockingQueue<>(1);

    @Override
    public boolean live() {
      return false;
    }

    @Override
    public void output(byte[] bytes, int offset, int length) {
      throw new IllegalStateException("a whole answer is not read live");
    }

    @Override
    public void answered(CommandResult result) {
      end.offer(result);
    }

    @Override
    public void lost(String why) {
      end.offer(why);
    }

    /** The result, the reason it was lost, or null if nothing came within {@code wait}. */
    Object await(Duration wait) throws InterruptedException {
      return end.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    usable = false;
    channel.close(true);
  }
}
