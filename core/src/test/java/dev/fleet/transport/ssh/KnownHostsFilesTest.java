package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier.HostEntryPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One parse per known_hosts file while it stays as it was; the verifier's own parse is counted. */
class KnownHostsFilesTest {
  @TempDir Path dir;

  private final AtomicInteger parses = new AtomicInteger();

  private List<HostEntryPair> parse() {
    parses.incrementAndGet();
    return new ArrayList<>();
  }

  @Test
  void manyConnectsAtOnceShareOneParse() throws Exception {
    Path file = Files.writeString(dir.resolve("known_hosts"), "web1 ssh-ed25519 AAAA\n");
    KnownHostsFiles files = new KnownHostsFiles();
    int connects = 16;
    CyclicBarrier together = new CyclicBarrier(connects);
    ExecutorService pool = Executors.newFixedThreadPool(connects);
    try {
      List<Future<List<HostEntryPair>>> got = new ArrayList<>();
      for (int i = 0; i < connects; i++) {
        got.add(pool.submit(() -> {
          together.await(60, TimeUnit.SECONDS);
          return files.entries(file, this::parse);
        }));
      }
      List<HostEntryPair> first = got.get(0).get(60, TimeUnit.SECONDS);
      for (Future<List<HostEntryPair>> f : got) {
        assertSame(first, f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, parses.get());
  }

  /** accept-new appends a line: the next connect must see it, so the file is parsed again. */
  @Test
  void aFileThatChangedIsParsedAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("known_hosts"), "web1 ssh-ed25519 AAAA\n");
    KnownHostsFiles files = new KnownHostsFiles();
    files.entries(file, this::parse);
    files.entries(file, this::parse);
    assertEquals(1, parses.get());

    Files.writeString(file, "web2 ssh-ed25519 BBBB\n", StandardOpenOption.APPEND);
    files.entries(file, this::parse);
    files.entries(file, this::parse);

    assertEquals(2, parses.get());
  }

  /** A file replaced by another (a new inode) is parsed again even with the same size and time. */
  @Test
  void aFileReplacedByAnotherIsParsedAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("known_hosts"), "web1 ssh-ed25519 AAAA\n");
    KnownHostsFiles files = new KnownHostsFiles();
    files.entries(file, this::parse);

    Path other = Files.writeString(dir.resolve("other"), "web1 ssh-ed25519 CCCC\n");
    Files.setLastModifiedTime(other, Files.getLastModifiedTime(file));
    Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    files.entries(file, this::parse);

    assertEquals(2, parses.get());
  }
}
