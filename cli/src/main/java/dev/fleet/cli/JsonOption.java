package dev.fleet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --json FILE} of the read-only commands (plan, check, status): their answer per host as
 * one JSON document, for scripts. {@code --json -} prints the document on stdout in place of the
 * table, so stdout is nothing but JSON.
 */
final class JsonOption {
  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Write the answer per host as JSON to FILE; `-` prints it on stdout instead of the table.")
  String target;

  /** Where the table goes: {@code out}, or nowhere when the JSON takes stdout. */
  PrintWriter table(PrintWriter out) {
    return "-".equals(target) ? new PrintWriter(Writer.nullWriter()) : out;
  }

  /**
   * Writes {@code document} if --json was given; returns the exit code, which a report that could
   * not be written turns from 0 into 3 (as the run commands do).
   */
  int write(HostsDocument document, int exit, PrintWriter out, PrintWriter err) {
    if (target == null) {
      return exit;
    }
    String json = document.toJson(exit);
    if ("-".equals(target)) {
      out.println(json);
      return exit;
    }
    try {
      Path file = Path.of(target).toAbsolutePath();
      Files.createDirectories(file.getParent());
      Files.writeString(file, json + System.lineSeparator());
      return exit;
    } catch (IOException e) {
      err.println("fleet: could not write the JSON report " + target + ": " + e);
      return exit == ExitCode.OK ? ExitCode.NEEDS_ATTENTION : exit;
    }
  }
}
