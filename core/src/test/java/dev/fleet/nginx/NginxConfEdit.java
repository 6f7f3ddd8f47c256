package dev.fleet.nginx;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.fleet.sandbox.SandboxHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sandbox host's nginx.conf as a test edits it (the fault is what nginx reads at its next
 * start) and puts it back: kept when the test begins, restored when it ends.
 */
final class NginxConfEdit {
  private final Path conf;
  private final String original;

  private NginxConfEdit(Path conf, String original) {
    this.conf = conf;
    this.original = original;
  }

  static NginxConfEdit keep(SandboxHost host) throws IOException {
    Path conf = host.dir().resolve("fs/etc/nginx/nginx.conf");
    return new NginxConfEdit(conf, Files.readString(conf));
  }

  /** The original text with {@code replacement} for the first {@code anchor}, which must be there. */
  void replaceFirst(String anchor, String replacement) throws IOException {
    String edited = original.replaceFirst(Pattern.quote(anchor), Matcher.quoteReplacement(replacement));
    assertNotEquals(original, edited, "anchor " + anchor + " not in nginx.conf");
    Files.writeString(conf, edited);
  }

  void restore() throws IOException {
    Files.writeString(conf, original);
  }
}
