package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import java.io.IOException;
import java.time.Duration;
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
  private final Slot plain;
  private final Slot root;

  Shells(ClientSession session, boolean useSudo) {
    this.session = session;
    this.plain = new Slot(false);
    this.root = useSudo ? new Slot(true) : plain;
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
      PersistentShell shell = slot.shell(session, wait);
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

    /** The open shell, a new one if the last one failed, or null if none starts here. */
    PersistentShell shell(ClientSession session, Duration wait) throws IOException {
      if (shell != null && shell.usable()) {
        return shell;
      }
      if (refused) {
        return null;
      }
      try {
        shell = PersistentShell.start(session, sudo, wait);
        return shell;
      } catch (PersistentShell.NoAnswer e) {
        refused = true;
        shell = null;
        return null;
      } catch (IOException e) {
        shell = null; // the session's trouble: the exec that runs instead reports it
        return null;
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
