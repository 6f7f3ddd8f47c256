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

  private final ConcurrentMap<Path, KnownHostsFile> files = new ConcurrentHashMap<>();

  /**
   * {@code file}'s entries: those parsed before if it has not changed since, else {@code parser}'s,
   * kept for the next connect. Connects that arrive together wait for one parse, not one each.
   */
  List<HostEntryPair> entries(Path file, Parser parser) throws IOException, GeneralSecurityException {
    return files.computeIfAbsent(file.toAbsolutePath().normalize(), KnownHostsFile::new).entries(parser);
  }

  /** One file and what it held when last parsed; its lock makes connects wait for one parse. */
  private static final class KnownHostsFile {
    private final Path path;
    private Parsed parsed;

    KnownHostsFile(Path path) {
      this.path = path;
    }

    synchronized List<HostEntryPair> entries(Parser parser) throws IOException, GeneralSecurityException {
      BasicFileAttributes before = Files.readAttributes(path, BasicFileAttributes.class);
      if (parsed != null && parsed.stillMatches(before)) {
        return parsed.entries();
      }
      List<HostEntryPair> entries = List.copyOf(parser.parse());
      // Changed while it was read (an accept-new append): keep nothing, the next connect reads again.
      Parsed now = new Parsed(before.lastModifiedTime(), before.size(), before.fileKey(), entries);
      parsed = now.stillMatches(Files.readAttributes(path, BasicFileAttributes.class)) ? now : null;
      return entries;
    }
  }
}
