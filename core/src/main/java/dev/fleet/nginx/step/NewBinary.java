package dev.fleet.nginx.step;

import dev.fleet.inventory.BinaryUrlAuth;
import dev.fleet.inventory.UpgradeSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The binary a rollout installs, from one of two sources: a local {@code file}, read and hashed
 * once and sent to every host; or a {@code url} each host downloads itself and checks against the
 * pinned {@code sha256} (then {@code file} is null, {@code size} is -1 because nobody here has
 * read it, and {@code auth} is the header to send, or null).
 */
public record NewBinary(Path file, URI url, String sha256, long size, BinaryUrlAuth auth) {

  public NewBinary(Path file, String sha256, long size) {
    this(file, null, sha256, size, null);
  }

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

  /** A binary the hosts download from {@code url}; nothing is read here. */
  public static NewBinary pulled(URI url, String sha256, BinaryUrlAuth auth) {
    return new NewBinary(null, url, sha256, -1, auth);
  }

  /** The upgrade's binary as a loaded inventory names it: hashed when local, else pulled. */
  public static NewBinary of(UpgradeSettings upgrade) throws IOException {
    return upgrade.pulled()
        ? pulled(upgrade.binaryUrl(), upgrade.sha256(), upgrade.binaryUrlAuth())
        : of(upgrade.binary());
  }

  public boolean pulled() {
    return url != null;
  }

  /** Where it comes from, for people: the file's path or the URL. */
  public String source() {
    return pulled() ? url.toString() : file.toString();
  }

  public Optional<BinaryUrlAuth> authHeader() {
    return Optional.ofNullable(auth);
  }

  public String shortDigest() {
    return sha256.substring(0, 12);
  }
}
