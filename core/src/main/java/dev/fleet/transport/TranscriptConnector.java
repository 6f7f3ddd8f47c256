package dev.fleet.transport;

import dev.fleet.inventory.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a transcript of every remote command per host ({@code DIR/HOST.log}): what ran (its
 * label and arguments, not the script text, which ships with fleet), exit status, stdout and
 * stderr, and each upload. Nothing secret passes through here: keys and passphrases stay in the
 * SSH layer. A transcript that cannot be written never fails a command.
 */
public final class TranscriptConnector implements Connector {
  private final Connector delegate;
  private final Path dir;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  /**
   * Made once, not before every entry: on a directory that exists, createDirectories throws and
   * catches an exception, and that was a third of the transcripts' cost in a 200-host profile.
   */
  private volatile boolean dirMade;

  public TranscriptConnector(Connector delegate, Path dir) {
    this.delegate = delegate;
    this.dir = dir;
  }

  @Override
  public Connection connect(Host host) throws TransportException {
    write(host.name(), "connect " + host.address() + ":" + host.ssh().port() + " as " + host.ssh().user());
    try {
      return new Transcribed(delegate.connect(host));
    } catch (TransportException e) {
      write(host.name(), "connect failed: " + e.getMessage());
      throw e;
    }
  }

  @Override
  public Connection reconnect(Host host, java.time.Duration window) throws TransportException {
    write(host.name(), "reconnect, trying for up to " + window.toSeconds() + "s");
    try {
      return new Transcribed(delegate.reconnect(host, window));
    } catch (TransportException e) {
      write(host.name(), "reconnect failed: " + e.getMessage());
      throw e;
    }
  }

  @Override
  public void close() {
    // the delegate belongs to the caller
  }

  private void write(String host, String text) {
    synchronized (locks.computeIfAbsent(host, h -> new Object())) {
      try {
        if (!dirMade) {
          Files.createDirectories(dir);
          dirMade = true;
        }
        Files.writeString(
            dir.resolve(host + ".log"),
            Instant.now() + " " + text + (text.endsWith("\n") ? "" : "\n"),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (NoSuchFileException e) {
        dirMade = false; // removed under a running fleet: made again for the next entry
      } catch (IOException | UncheckedIOException e) {
        // A transcript is for people; the command's result still reaches the engine.
      }
    }
  }

  private final class Transcribed implements Connection {
    private final Connection connection;

    Transcribed(Connection connection) {
      this.connection = connection;
    }

    @Override
    public String host() {
      return connection.host();
    }

    @Override
    public CommandResult run(RemoteCommand command, Duration timeout) throws TransportException {
      return run(command, null, timeout);
    }

    @Override
    public CommandResult run(RemoteCommand command, Path input, Duration timeout) throws TransportException {
      String what = "$ " + command.label() + (command.privileged() ? " (privileged)" : "") + " " + Shell.join(command.args())
          + (input == null ? "" : " < " + input + " (" + size(input) + " bytes)");
      try {
        CommandResult result = input == null ? connection.run(command, timeout) : connection.run(command, input, timeout);
        write(host(), what + "\n  exit " + result.exitStatus() + indent("out", result.stdout()) + indent("err", result.stderr()));
        return result;
      } catch (TransportException e) {
        write(host(), what + "\n  transport failure: " + e.getMessage());
        throw e;
      }
    }

    @Override
    public CommandResult runWithSecret(RemoteCommand command, String secret, Duration timeout)
        throws TransportException {
      // The secret's length only: a transcript is archived by CI, read by anyone with the job.
      String what = "$ " + command.label() + (command.privileged() ? " (privileged)" : "") + " "
          + Shell.join(command.args()) + " < (a secret of " + secret.length() + " characters, not shown)";
      try {
        CommandResult result = connection.runWithSecret(command, secret, timeout);
        write(host(), what + "\n  exit " + result.exitStatus() + indent("out", result.stdout()) + indent("err", result.stderr()));
        return result;
      } catch (TransportException e) {
        write(host(), what + "\n  transport failure: " + e.getMessage());
        throw e;
      }
    }

    @Override
    public RecordStream stream(RemoteCommand command, Duration timeout) throws TransportException {
      String what = "$ " + command.label() + (command.privileged() ? " (privileged, streamed)" : " (streamed)") + " " + Shell.join(command.args());
      try {
        return new TranscribedStream(host(), what, connection.stream(command, timeout));
      } catch (TransportException e) {
        write(host(), what + "\n  transport failure: " + e.getMessage());
        throw e;
      }
    }

    @Override
    public HttpAsk startHttpAsk(String url, Duration within) throws TransportException {
      String what = "$ GET " + url + " (from the host, over the SSH connection)";
      try {
        HttpAsk ask = connection.startHttpAsk(url, within);
        return () -> {
          try {
            OptionalInt status = ask.await();
            if (status.isPresent()) {
              write(host(), what + "\n  status " + (status.getAsInt() == 0 ? "000 (no HTTP answer)" : status.getAsInt()));
            }
            return status;
          } catch (TransportException e) {
            write(host(), what + "\n  transport failure: " + e.getMessage());
            throw e;
          }
        };
      } catch (TransportException e) {
        write(host(), what + "\n  transport failure: " + e.getMessage());
        throw e;
      }
    }

    @Override
    public boolean mayAskHttp() {
      return connection.mayAskHttp();
    }

    @Override
    public boolean isOpen() {
      return connection.isOpen();
    }

    @Override
    public void close() {
      connection.close();
    }
  }

  /**
   * A stream's transcript is written when it closes (so under the time it closed, with the time
   * it started in the entry): the command, how many records it printed, the first and the last
   * (what the decision was made on), and how it ended. A drain can print a record every half
   * second for minutes; the ones in between are left out.
   */
  private final class TranscribedStream implements RecordStream {
    private final String host;
    private final String what;
    private final RecordStream stream;
    private int records;
    private String first;
    private String last;
    private String failure;

    TranscribedStream(String host, String what, RecordStream stream) {
      this.host = host;
      this.what = what + "\n  started " + Instant.now();
      this.stream = stream;
    }

    @Override
    public Optional<String> next(Duration wait) throws TransportException, InterruptedException {
      try {
        Optional<String> record = stream.next(wait);
        record.ifPresent(
            r -> {
              records++;
              if (first == null) {
                first = r;
              } else {
                last = r;
              }
            });
        return record;
      } catch (TransportException e) {
        failure = e.getMessage();
        throw e;
      }
    }

    @Override
    public Optional<CommandResult> result() {
      return stream.result();
    }

    @Override
    public void close() {
      stream.close();
      String ended =
          failure != null
              ? "\n  transport failure: " + failure
              : stream.result()
                  .map(r -> "\n  exit " + r.exitStatus() + indent("err", r.stderr()))
                  .orElse("\n  closed by fleet");
      write(
          host,
          what + "\n  records: " + records + indent("first", first == null ? "" : first)
              + indent("last", last == null ? "" : last) + ended);
    }
  }

  private static String indent(String stream, String text) {
    if (text.isBlank()) {
      return "";
    }
    return "\n  " + stream + ": " + text.strip().replace("\n", "\n       ");
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }
}
