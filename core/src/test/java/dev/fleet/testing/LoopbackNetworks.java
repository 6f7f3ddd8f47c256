package dev.fleet.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out loopback network prefixes (127.31.0, 127.31.1, ...) so that no two test fleets share
 * an address: not in this JVM, and not in another test JVM on the same machine (another worktree's
 * build), thanks to a file lock held until this JVM exits, crash included.
 */
public final class LoopbackNetworks {
  private static final Path LOCK_DIR = Path.of(System.getProperty("java.io.tmpdir"), "fleet-sandbox-networks");
  // Kept reachable so the locks live as long as the JVM; the OS drops them when it dies.
  private static final List<FileLock> HELD = new ArrayList<>();

  private LoopbackNetworks() {}

  /** One /24, enough for a sandbox of up to {@code SandboxSpec.HOSTS_PER_NETWORK} hosts. */
  public static String claim() {
    return claim(1);
  }

  /**
   * {@code networks} consecutive /24s (a sandbox of more hosts spills into the next ones, see
   * {@code SandboxSpec.networksFor}); returns the first, which is the sandbox's network prefix.
   */
  public static synchronized String claim(int networks) {
    try {
      Files.createDirectories(LOCK_DIR);
      for (int second = 31; second <= 39; second++) {
        for (int third = 0; third + networks - 1 <= 255; third++) {
          if (tryLockAll(second, third, networks)) {
            return "127." + second + "." + third;
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot claim a loopback network in " + LOCK_DIR, e);
    }
    throw new IllegalStateException(
        "no " + networks + " consecutive loopback networks free in 127.31-39.x; stale sandboxes running?");
  }

  /** Locks 127.second.third and the networks - 1 after it, or none of them (releasing the rest). */
  private static boolean tryLockAll(int second, int third, int networks) throws IOException {
    List<FileLock> taken = new ArrayList<>();
    boolean allFree = true;
    for (int i = 0; i < networks && allFree; i++) {
      String prefix = "127." + second + "." + (third + i);
      FileLock lock = tryLock(prefix);
      if (lock != null) {
        taken.add(lock);
      }
      allFree = lock != null && firstAddressIsFree(prefix);
    }
    if (allFree) {
      HELD.addAll(taken);
      return true;
    }
    for (FileLock lock : taken) {
      lock.channel().close(); // releases the lock for the next claim
    }
    return false;
  }

  private static FileLock tryLock(String prefix) throws IOException {
    FileChannel channel =
        FileChannel.open(LOCK_DIR.resolve(prefix + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
    } catch (OverlappingFileLockException e) {
      // this JVM holds it already
    }
    channel.close();
    return null;
  }

  /** A sandbox started outside any test JVM (fleet sandbox up) holds no lock, but holds its ports. */
  private static boolean firstAddressIsFree(String prefix) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getByName(prefix + ".11"), 22));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
