package dev.fleet.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's memory: one JSON object per line, each written and fsync'd before the run goes on,
 * so a controller killed at any moment leaves a journal that says what it had done. A torn last
 * line (killed mid-write) is ignored on reading.
 */
public final class RunJournal implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final FileChannel channel;
  private final Object writeLock = new Object();
  private final Object forceLock = new Object();
  /** Lines written, and lines known to be on disk: guarded by writeLock and forceLock. */
  private long written;
  private long durable;

  private RunJournal(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  public static RunJournal openForAppend(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    return new RunJournal(file, channel);
  }

  public Path file() {
    return file;
  }

  /** A new entry of kind {@code event}, stamped with the time; fill it and {@link #append} it. */
  public static ObjectNode entry(String event) {
    ObjectNode node = JSON.createObjectNode();
    node.put("time", Instant.now().toString());
    node.put("event", event);
    return node;
  }

  /**
   * Writes the entry and returns once it is on disk. Hosts append from many threads at once, so
   * fsyncs are shared (group commit): a writer whose line an fsync begun after its write already
   * covered returns without another one. One fsync per line serialised every host of a 200-host
   * run behind the disk.
   */
  public void append(ObjectNode entry) {
    try {
      byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
      long mine;
      synchronized (writeLock) {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        mine = ++written;
      }
      synchronized (forceLock) {
        if (durable >= mine) {
          return;
        }
        long upTo;
        synchronized (writeLock) {
          upTo = written;
        }
        channel.force(false);
        durable = upTo;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run journal " + file, e);
    }
  }

  public static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> entries = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        entries.add(JSON.readTree(line));
      } catch (IOException torn) {
        break; // the controller died while writing this line; nothing after it was written
      }
    }
    return entries;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
