package dev.fleet.hooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code RUN/transcripts/hooks.log}: every hook of the run, with its command, its variables, what
 * it printed and how it ended, one block each (hosts' hooks run in parallel). A transcript that
 * cannot be written never fails a hook.
 */
final class HookTranscript {
  private final Path dir;
  private final Object lock = new Object();

  HookTranscript(Path dir) {
    this.dir = dir;
  }

  Path file() {
    return dir.resolve("hooks.log");
  }

  /** Where one hook's output is collected while it runs. */
  Path scratchFile() throws IOException {
    Files.createDirectories(dir);
    return Files.createTempFile(dir, ".hook-", ".out");
  }

  void write(HookResult result, String command, Map<String, String> vars, String printed) {
    StringBuilder block = new StringBuilder();
    String who = result.hook() + (result.host() != null ? " " + result.host() : "");
    Instant ended = Instant.now();
    block.append(ended.minus(result.took())).append(' ').append(who).append(": /bin/sh -c ").append(command).append('\n');
    new TreeMap<>(vars).forEach((k, v) -> block.append("  ").append(k).append('=').append(v).append('\n'));
    block.append(printed);
    if (!printed.isEmpty() && !printed.endsWith("\n")) {
      block.append('\n');
    }
    String end = result.ok() ? "exit 0" : result.reason();
    block.append(ended).append(' ').append(who).append(": ").append(end)
        .append(" after ").append(result.took().toMillis()).append("ms\n");
    synchronized (lock) {
      try {
        Files.createDirectories(dir);
        Files.writeString(file(), block, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        // for people; the hook's result still reaches the run
      }
    }
  }
}
