package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.apache.sshd.client.session.ClientSession;

/**
 * A connection's persistent shells: one as the login user, and, when fleet logs in as another
 * user than root and uses sudo, one started through {@code sudo -n} for privileged requests.
 * Each is started on first use and again after one failed; one that cannot start (sudo wants a
 * password, a login shell prints before the greeting) is not tried again on this connection, so
 * its commands go as execs, which report why.
 */
final class Shells {
  /** How the setting reads: {@code -Dfleet.ssh.shell=exec} turns the shells off. */
  static final String PROPERTY = "fleet.ssh.shell";

  /** On unless {@code -Dfleet.ssh.shell=exec}. */
  static boolean enabled() {
    return !"exec".equals(System.getProperty(PROPERTY, "persistent"));
  }

  private final String host;
  private final ClientSession session;
  private final Duration openWait;
  private final Slot plain;
  private final Slot root;

  /**
   * {@code library}: what the login user's shell holds from its start. A shell started through
   * sudo holds nothing ahead: sudo logs the command it runs, and the host's auth log would get
   * the library's 30 KB at every connect.
   */
  Shells(String host, ClientSession session, boolean useSudo, Duration openWait, ShellLibrary library) {
    this.host = host;
    this.session = session;
    this.openWait = openWait;
    this.plain = new Slot(false, library);
    this.root = useSudo ? new Slot(true, ShellLibrary.EMPTY) : plain;
  }

  /**
   * Starts the shells as the connection opens (often ahead, while another batch runs), so they
   * have greeted by the first command that could use them.
   */
  void warmUp() {
    for (Slot slot : root == plain ? List.of(plain) : List.of(plain, root)) {
      if (slot.busy.tryAcquire()) {
        try {
          slot.begin(session, openWait);
        } finally {
          slot.busy.release();
        }
      }
    }
  }

  /**
   * The answer to {@code request} from the matching shell, or null if that shell is busy with
   * another request or stream, or cannot start.
   */
  CommandResult ask(boolean asRoot, ShellRequest request, Duration wait)
      throws PersistentShell.NoAnswer, IOException, InterruptedException {
    Slot slot = asRoot ? root : plain;
    if (!slot.busy.tryAcquire()) {
      return null;
    }
    try {
      PersistentShell shell = slot.shell(session, openWait);
      return shell == null ? null : shell.ask(request, wait);
    } finally {
      slot.busy.release();
    }
  }

  /**
   * {@code command} (as {@code request}) as a stream in the matching shell, which it holds until
   * it is closed; null if that shell is busy or cannot start.
   */
  ShellStream stream(boolean asRoot, RemoteCommand command, boolean useSudo, ShellRequest request)
      throws TransportException, InterruptedException {
    Slot slot = asRoot ? root : plain;
    if (!slot.busy.tryAcquire()) {
      return null;
    }
    PersistentShell shell;
    try {
      shell = slot.shell(session, openWait);
    } catch (RuntimeException | InterruptedException e) {
      slot.busy.release();
      throw e;
    }
    if (shell == null) {
      slot.busy.release();
      return null;
    }
    return ShellStream.start(host, command, useSudo, shell, request, slot.busy::release);
  }

  void close() {
    plain.close();
    root.close();
  }

  private static final class Slot {
    /** Taken by the request or stream using the shell: a stream is closed by whoever reads it. */
    final Semaphore busy = new Semaphore(1);
    /** Started through {@code sudo -n --}: the root shell of a non-root login. */
    final boolean sudo;
    private final ShellLibrary library;
    private volatile PersistentShell shell;
    private boolean refused;

    Slot(boolean sudo, ShellLibrary library) {
      this.sudo = sudo;
      this.library = library;
    }

    /**
     * The shell once it takes requests: one that is starting is waited for, at most {@code
     * openWait}; one that ended after it served is started again. Null when the session is gone
     * or no shell starts on this host, and this request goes as an exec.
     */
    PersistentShell shell(ClientSession session, Duration openWait) throws InterruptedException {
      if (refused || !session.isOpen() || session.isClosing()) {
        return null;
      }
      PersistentShell current = shell;
      if (current == null || (current.greetedOnce() && !current.usable())) {
        begin(session, openWait);
        current = shell;
        if (current == null) {
          return null;
        }
      }
      if (current.awaitReady(openWait)) {
        return current;
      }
      if (!current.greetedOnce()) {
        // sudo wants a password, a login shell that prints, no greeting in time: execs report why
        refused = true;
        current.close();
      }
      return null;
    }

    /** Starts a shell; it takes requests once it has greeted. */
    void begin(ClientSession session, Duration openWait) {
      try {
        shell = PersistentShell.begin(session, sudo, openWait, library);
      } catch (IOException e) {
        shell = null; // the session's trouble: the exec that runs instead reports it
      }
    }

    /** Without the lock: a request may be waiting on this very shell. */
    void close() {
      PersistentShell open = shell;
      if (open != null) {
        open.close();
      }
    }
  }
}
