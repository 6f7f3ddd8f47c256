package dev.fleet.transport.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a stream's stdout into records as it arrives: lines collect into a record until an empty
 * line ends it. A record the command never ended stays here, dropped with the stream.
 */
final class RecordCutter extends OutputStream {
  private final Consumer<String> records;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final StringBuilder record = new StringBuilder();

  RecordCutter(Consumer<String> records) {
    this.records = records;
  }

  @Override
  public void write(int b) {
    if (b != '\n') {
      line.write(b);
      return;
    }
    if (line.size() == 0) {
      if (record.length() > 0) {
        records.accept(record.toString());
        record.setLength(0);
      }
      return;
    }
    record.append(line.toString(StandardCharsets.UTF_8)).append('\n');
    line.reset();
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }
}
