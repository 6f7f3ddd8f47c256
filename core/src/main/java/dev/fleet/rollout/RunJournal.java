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
 * The run's memory: one JSON object per line, written before the run goes on, so a controller
 * killed at any moment leaves a journal that says what it had done; what resuming reads is also
 * fsync'd first, so that it survives the machine. A torn last line (killed mid-write) is ignored
 * on reading.
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
  private long fsyncs;

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
   * Writes the entry and returns once it is on disk: for what resuming reads (hosts started and
   * finished, batches, the run's start and end). Hosts append from many threads at once, so
   * fsyncs are shared (group commit): a writer whose line an fsync begun after its write already
   * covered returns without another one. One fsync per line serialised every host of a 200-host
   * run behind the disk.
   */
  public void append(ObjectNode entry) {
    long mine = write(entry);
    try {
      synchronized (forceLock) {
        if (durable >= mine) {
          return;
        }
        long upTo;
        synchronized (writeLock) {
          upTo = written;
        }
        channel.force(false);
        fsyncs++;
        durable = upTo;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run journal " + file, e);
    }
  }

  /**
   * Writes the entry without waiting for the disk: for what only people read, each step of each
   * host (an fsync costs this machine ~3 ms, and a host has fourteen step entries). A killed
   * controller loses none of it: the kernel has it. A crash of the machine may lose what came
   * after the last {@link #append}, which resuming does not need: it probes the hosts in flight.
   */
  public void appendUnforced(ObjectNode entry) {
    write(entry);
  }

  private long write(ObjectNode entry) {
    try {
      byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
      synchronized (writeLock) {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        return ++written;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run journal " + file, e);
    }
  }

  /** How many fsyncs the journal made: what tests see of which entries wait for the disk. */
  long fsyncs() {
    synchronized (forceLock) {
      return fsyncs;
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
