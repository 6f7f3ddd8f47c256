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

  public static synchronized String claim() {
    try {
      Files.createDirectories(LOCK_DIR);
      for (int second = 31; second <= 39; second++) {
        for (int third = 0; third <= 255; third++) {
          String prefix = "127." + second + "." + third;
          if (tryLock(prefix) && firstAddressIsFree(prefix)) {
            return prefix;
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot claim a loopback network in " + LOCK_DIR, e);
    }
    throw new IllegalStateException("every loopback network 127.31-39.x is taken; stale sandboxes running?");
  }

  private static boolean tryLock(String prefix) throws IOException {
    FileChannel channel =
        FileChannel.open(LOCK_DIR.resolve(prefix + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        HELD.add(lock);
        return true;
      }
    } catch (OverlappingFileLockException e) {
      // this JVM holds it already
    }
    channel.close();
    return false;
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
