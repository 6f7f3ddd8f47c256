package dev.fleet.sandbox;

import static java.nio.file.attribute.PosixFilePermission.GROUP_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The account files every sandbox host mounts over its /etc: the machine's own, plus a
 * {@code deploy} user. The machine's files are only read, never changed.
 */
final class HostAccounts {
  static final String DEPLOY_HOME = "/home/deploy";
  private static final Path ETC = Path.of("/etc");

  final int deployId;
  private final List<String> passwd;
  private final List<String> group;
  private final List<String> shadow;

  private HostAccounts(List<String> passwd, List<String> group, List<String> shadow) {
    this.deployId = firstFreeId(passwd, group);
    this.passwd = withLine(passwd, "deploy:x:" + deployId + ":" + deployId + "::" + DEPLOY_HOME + ":/bin/sh");
    this.group = withLine(group, "deploy:x:" + deployId + ":");
    // '*' and not '!': with UsePAM no, sshd refuses key logins to accounts whose password is locked.
    this.shadow = unlockRoot(withLine(shadow, "deploy:*:19000:0:99999:7:::"));
  }

  static HostAccounts fromMachine() {
    return new HostAccounts(read("passwd"), read("group"), read("shadow"));
  }

  /** Writes passwd, group, shadow and a sudoers.d granting deploy password-less sudo. */
  void writeInto(Path etc) throws IOException {
    Files.write(etc.resolve("passwd"), passwd);
    Files.write(etc.resolve("group"), group);
    Files.write(etc.resolve("shadow"), shadow);
    Path sudoers = Files.createDirectories(etc.resolve("sudoers.d")).resolve("deploy");
    Files.writeString(sudoers, "deploy ALL=(ALL) NOPASSWD:ALL\n");
    // sudo ignores a sudoers file that anyone but root could change; Debian ships them 0440.
    Files.setPosixFilePermissions(sudoers, Set.of(OWNER_READ, GROUP_READ));
  }

  /** Replaces any machine line for the same account, so a machine "deploy" cannot leak in. */
  private static List<String> withLine(List<String> lines, String line) {
    String name = line.substring(0, line.indexOf(':') + 1);
    List<String> result =
        lines.stream().filter(l -> !l.startsWith(name)).collect(Collectors.toList());
    result.add(line);
    return result;
  }

  private static List<String> unlockRoot(List<String> shadow) {
    return shadow.stream()
        .map(l -> l.startsWith("root:!") ? "root:*" + l.substring(l.indexOf(':', 5)) : l)
        .collect(Collectors.toList());
  }

  private static int firstFreeId(List<String> passwd, List<String> group) {
    Set<String> taken =
        Stream.concat(passwd.stream(), group.stream())
            .map(l -> l.split(":"))
            .filter(f -> f.length > 2)
            .map(f -> f[2])
            .collect(Collectors.toSet());
    int id = 2000;
    while (taken.contains(Integer.toString(id))) {
      id++;
    }
    return id;
  }

  private static List<String> read(String file) {
    try {
      return Files.readAllLines(ETC.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the machine's /etc/" + file, e);
    }
  }
}
