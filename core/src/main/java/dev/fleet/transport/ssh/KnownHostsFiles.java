package dev.fleet.transport.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier.HostEntryPair;

/**
 * The known_hosts files of one connector, each parsed once while it stays as it was. Apache SSHD
 * parses the file in every verifier, and fleet has one verifier per connect: with a 500-host file
 * and 200 connects in flight that was 146,000 parsed entries on the heap (a third of it) and the
 * whole file parsed again for every host (bench/rollout, scale). The entries are only read.
 */
final class KnownHostsFiles {
  /** Parses the file, as the verifier's own reload does. */
  interface Parser {
    List<HostEntryPair> parse() throws IOException, GeneralSecurityException;
  }

  /** A file as it was when parsed: any change of size, time or inode means parsing it again. */
  private record Parsed(FileTime modified, long size, Object fileKey, List<HostEntryPair> entries) {
    boolean stillMatches(BasicFileAttributes now) {
      return modified.equals(now.lastModifiedTime()) && size == now.size() && Objects.equals(fileKey, now.fileKey());
    }
  }

  private final ConcurrentMap<Path, Object> locks = new ConcurrentHashMap<>();
  private final ConcurrentMap<Path, Parsed> parsed = new ConcurrentHashMap<>();

  /**
   * {@code file}'s entries: those parsed before if it has not changed since, else {@code parser}'s,
   * kept for the next connect. Connects that arrive together wait for one parse, not one each.
   */
  List<HostEntryPair> entries(Path file, Parser parser) throws IOException, GeneralSecurityException {
    Path key = file.toAbsolutePath().normalize();
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      BasicFileAttributes before = Files.readAttributes(key, BasicFileAttributes.class);
      Parsed known = parsed.get(key);
      if (known != null && known.stillMatches(before)) {
        return known.entries();
      }
      List<HostEntryPair> entries = List.copyOf(parser.parse());
      // Changed while it was read (an accept-new append): keep nothing, the next connect reads again.
      BasicFileAttributes after = Files.readAttributes(key, BasicFileAttributes.class);
      Parsed now = new Parsed(before.lastModifiedTime(), before.size(), before.fileKey(), entries);
      if (now.stillMatches(after)) {
        parsed.put(key, now);
      } else {
        parsed.remove(key);
      }
      return entries;
    }
  }
}
