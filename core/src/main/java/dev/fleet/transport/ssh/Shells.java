package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.client.session.ClientSession;

/**
 * A connection's persistent shells: one as the login user, and, when fleet logs in as another
 * user than root and uses sudo, one started through {@code sudo -n} for privileged requests.
 * Each is started on first use and again after one failed; one that cannot start (sudo wants a
 * password, the host lacks mktemp) is not tried again on this connection, so its commands go as
 * execs, which report why.
 */
final class Shells {
  /** How the setting reads: {@code -Dfleet.ssh.shell=exec} turns the shells off. */
  static final String PROPERTY = "fleet.ssh.shell";

  /** On unless {@code -Dfleet.ssh.shell=exec}. */
  static boolean enabled() {
    return !"exec".equals(System.getProperty(PROPERTY, "persistent"));
  }

  private final ClientSession session;
  private final Duration openWait;
  private final Slot plain;
  private final Slot root;

  Shells(ClientSession session, boolean useSudo, Duration openWait) {
    this.session = session;
    this.openWait = openWait;
    this.plain = new Slot(false);
    this.root = useSudo ? new Slot(true) : plain;
  }

  /**
   * Starts the shells as the connection opens (often ahead, while another batch runs), so they
   * have greeted by the first command that could use them.
   */
  void warmUp() {
    for (Slot slot : root == plain ? List.of(plain) : List.of(plain, root)) {
      if (slot.lock.tryLock()) {
        try {
          slot.begin(session, openWait);
        } finally {
          slot.lock.unlock();
        }
      }
    }
  }

  /**
   * The answer to {@code line} from the matching shell, or null if that shell is busy with
   * another thread's request or cannot start.
   */
  CommandResult ask(boolean asRoot, String line, Duration wait)
      throws PersistentShell.NoAnswer, IOException {
    if (!session.isOpen() || session.isClosing()) {
      return null;
    }
    Slot slot = asRoot ? root : plain;
    if (!slot.lock.tryLock()) {
      return null;
    }
    try {
      PersistentShell shell = slot.shell(session, openWait);
      return shell == null ? null : shell.ask(line, wait);
    } finally {
      slot.lock.unlock();
    }
  }

  void close() {
    plain.close();
    root.close();
  }

  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    /** Started through {@code sudo -n --}: the root shell of a non-root login. */
    final boolean sudo;
    private volatile PersistentShell shell;
    private boolean refused;

    Slot(boolean sudo) {
      this.sudo = sudo;
    }

    /**
     * The shell if it is ready, else null: one that is still starting, or none yet (then it is
     * started, and this request goes as an exec while it starts), or none that starts here.
     */
    PersistentShell shell(ClientSession session, Duration openWait) {
      PersistentShell current = shell;
      if (current != null && current.ready()) {
        return current;
      }
      if (refused) {
        return null;
      }
      if (current != null && current.failedToStart()) {
        refused = true; // sudo wants a password, a login shell that prints: execs report why
        return null;
      }
      if (current == null || current.greetedOnce()) {
        begin(session, openWait);
      }
      return null;
    }

    /** Starts a shell; it takes requests once it has greeted. */
    void begin(ClientSession session, Duration openWait) {
      try {
        shell = PersistentShell.begin(session, sudo, openWait);
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
