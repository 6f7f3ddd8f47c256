package dev.fleet.nginx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The binary a rollout installs: read and hashed once, then checked on every host. */
public record NewBinary(Path file, String sha256, long size) {

  public static NewBinary of(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
    long size = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; size += n) {
        digest.update(buffer, 0, n);
      }
    }
    return new NewBinary(file, HexFormat.of().formatHex(digest.digest()), size);
  }

  public String shortDigest() {
    return sha256.substring(0, 12);
  }
}
