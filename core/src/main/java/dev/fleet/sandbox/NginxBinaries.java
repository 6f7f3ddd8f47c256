package dev.fleet.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** "New" nginx binaries for upgrades and fault tests, made from the machine's own nginx. */
public final class NginxBinaries {
  public static final Path MACHINE_NGINX = Path.of("/usr/sbin/nginx");

  private NginxBinaries() {}

  /**
   * A copy of the machine's nginx with bytes appended: it runs exactly like the original (the
   * ELF loader ignores trailing bytes) but has another sha256, so an upgrade is observable.
   */
  public static Path changedCopy(Path target, String marker) throws IOException {
    Files.copy(MACHINE_NGINX, target);
    Files.writeString(target, "\nfleet sandbox build: " + marker + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    return target;
  }

  /**
   * A POSIX shell script standing in for a binary: it can exit 1, hang with signals ignored or
   * {@code exec} the real nginx with other arguments, so every failure path can be provoked.
   */
  public static Path shellWrapper(Path target, String script) throws IOException {
    Files.writeString(target, "#!/bin/sh\n" + script + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    return target;
  }
}
