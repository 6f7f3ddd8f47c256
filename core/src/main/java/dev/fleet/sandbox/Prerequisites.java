package dev.fleet.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks, before anything starts, that this machine can hold a sandbox. */
final class Prerequisites {
  /** Every program a sandbox host runs, and the Debian package that provides it. */
  private static final Map<String, String> PROGRAMS = new LinkedHashMap<>();

  static {
    PROGRAMS.put("/usr/bin/unshare", "util-linux");
    PROGRAMS.put("/usr/bin/nsenter", "util-linux");
    PROGRAMS.put("/usr/bin/setsid", "util-linux");
    PROGRAMS.put("/usr/bin/mount", "mount");
    PROGRAMS.put("/usr/bin/hostname", "hostname");
    PROGRAMS.put("/usr/bin/pgrep", "procps");
    PROGRAMS.put("/usr/sbin/nginx", "nginx-light (or nginx)");
    PROGRAMS.put("/usr/sbin/sshd", "openssh-server");
    PROGRAMS.put("/usr/lib/openssh/sftp-server", "openssh-sftp-server");
    PROGRAMS.put("/usr/bin/ssh-keygen", "openssh-client");
    PROGRAMS.put("/usr/bin/ssh-keyscan", "openssh-client");
    PROGRAMS.put("/usr/bin/sudo", "sudo");
  }

  private Prerequisites() {}

  static void check() {
    if (!System.getProperty("os.name").equals("Linux")) {
      throw new SandboxException("the sandbox needs Linux namespaces; this is " + System.getProperty("os.name"));
    }
    if (LocalProcesses.effectiveUid() != 0) {
      throw new SandboxException(
          "the sandbox must run as root: it creates namespaces, mounts and binds port 22 (uid is "
              + LocalProcesses.effectiveUid() + ")");
    }
    List<String> missing = new ArrayList<>();
    PROGRAMS.forEach(
        (program, pkg) -> {
          if (!Files.isExecutable(Path.of(program))) {
            missing.add(program + " (Debian package " + pkg + ")");
          }
        });
    if (!missing.isEmpty()) {
      throw new SandboxException("the sandbox needs programs that are missing: " + String.join(", ", missing));
    }
  }
}
