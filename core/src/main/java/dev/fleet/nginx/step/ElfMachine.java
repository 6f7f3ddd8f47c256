package dev.fleet.nginx.step;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CPU architecture an ELF executable was built for (its header's e_machine), in {@code uname
 * -m} spelling, so preflight can refuse an arm64 build for an x86_64 host before uploading it.
 */
public final class ElfMachine {
  private static final Map<Integer, Set<String>> UNAME =
      Map.of(
          0x3e, Set.of("x86_64", "amd64"),
          0x03, Set.of("i386", "i486", "i586", "i686"),
          0xb7, Set.of("aarch64", "arm64"),
          0x28, Set.of("armv6l", "armv7l", "armv8l", "arm"),
          0xf3, Set.of("riscv64"),
          0x15, Set.of("ppc64", "ppc64le"),
          0x16, Set.of("s390x"));

  /** The e_machine numbers (decimal, space-separated) that run on {@code unameMachine}; empty if none known. */
  public static String machinesFor(String unameMachine) {
    return String.join(
        " ",
        UNAME.entrySet().stream()
            .filter(e -> e.getValue().contains(unameMachine))
            .map(e -> Integer.toString(e.getKey()))
            .sorted()
            .toList());
  }

  /** What a file's first bytes say it is. */
  sealed interface Kind {}

  /** An ELF file for e_machine {@code machine}. */
  record Elf(int machine) implements Kind {
    boolean runsOn(String unameMachine) {
      return UNAME.getOrDefault(machine, Set.of()).contains(unameMachine);
    }

    String describe() {
      return UNAME.containsKey(machine)
          ? String.join("/", UNAME.get(machine).stream().sorted().toList())
          : "ELF machine 0x" + Integer.toHexString(machine);
    }
  }

  /** A "#!" script: the host's interpreter runs it, on any architecture. */
  record Script() implements Kind {}

  /** Neither: the kernel cannot execute it. */
  record Other() implements Kind {}

  private ElfMachine() {}

  static Kind of(Path file) throws IOException {
    byte[] head = new byte[20];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n >= 2 && head[0] == '#' && head[1] == '!') {
      return new Script();
    }
    if (n < 20 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') {
      return new Other();
    }
    boolean littleEndian = head[5] == 1;
    int lo = head[18] & 0xff;
    int hi = head[19] & 0xff;
    return new Elf(littleEndian ? lo | hi << 8 : hi | lo << 8);
  }

  static Optional<Kind> ofQuietly(Path file) {
    try {
      return Optional.of(of(file));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
