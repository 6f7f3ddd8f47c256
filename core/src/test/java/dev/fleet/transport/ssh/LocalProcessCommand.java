package dev.fleet.transport.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * One exec channel's command as a local process, ended the way OpenSSH's sshd ends it: the exit
 * status goes out only after the process has exited and its stdout and stderr have both reached
 * their end, so everything it wrote arrives before the status.
 *
 * <p>Apache SSHD's own ProcessShellFactory polls the streams ({@code available()}) and sends the
 * status once the process is gone and none has bytes waiting. With both cores busy it sent "exit
 * 3" without the stderr the command had written before exiting: once in 400 runs of one command
 * (the server had pumped 0 bytes of stderr when it sent the status). Blocking reads to the end of
 * each stream cannot miss what was written.
 */
final class LocalProcessCommand implements Command {
  private final List<String> argv;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback callback;
  private volatile Process process;

  LocalProcessCommand(List<String> argv) {
    this.argv = List.copyOf(argv);
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.callback = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().putAll(env.getEnv());
    Process started = builder.start();
    process = started;
    daemon("stdin", () -> feed(in, started.getOutputStream()));
    Thread stdout = daemon("stdout", () -> copy(started.getInputStream(), out));
    Thread stderr = daemon("stderr", () -> copy(started.getErrorStream(), err));
    daemon(
        "end",
        () -> {
          try {
            stdout.join();
            stderr.join();
            callback.onExit(started.waitFor());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  /** One of the process's outputs into the channel, to its end. */
  private static void copy(InputStream from, OutputStream to) {
    byte[] buffer = new byte[8192];
    try (from) {
      for (int n; (n = from.read(buffer)) >= 0; ) {
        to.write(buffer, 0, n);
        to.flush();
      }
    } catch (IOException gone) {
      // The channel went away; the process's exit decides what is sent.
    }
  }

  /**
   * The channel's input into the process, its end becoming the process's EOF. What arrives after
   * the process stopped reading is read and dropped, as sshd does: the channel's input is never
   * closed here, because Apache SSHD fails the channel when data arrives for a closed input.
   */
  private static void feed(InputStream from, OutputStream to) {
    byte[] buffer = new byte[8192];
    boolean open = true;
    try {
      for (int n; (n = from.read(buffer)) >= 0; ) {
        open = open && written(to, buffer, n);
      }
      to.close();
    } catch (IOException gone) {
      // The channel's input ended with the channel.
    }
  }

  private static boolean written(OutputStream to, byte[] buffer, int n) {
    try {
      to.write(buffer, 0, n);
      to.flush();
      return true;
    } catch (IOException stoppedReading) {
      return false;
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, "test-command-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void destroy(ChannelSession channel) {
    Process running = process;
    if (running != null) {
      running.destroy();
    }
  }
}
