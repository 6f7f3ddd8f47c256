package dev.fleet.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes one host's directory: {@code fs/} mirrors the paths the host mounts over the machine's
 * (/run, /var/log, /etc/nginx...), {@code sbin-upper/} receives whatever is written to /usr/sbin.
 * Reading {@code fs/var/log/nginx/error.log} from outside is how you debug a host.
 */
final class HostLayout {
  private static final Path MACHINE_MODULES = Path.of("/etc/nginx/modules-enabled");
  private static final Path MACHINE_SSH = Path.of("/etc/ssh");

  private HostLayout() {}

  static void write(
      Path hostDir, String name, String address, SandboxSpec spec, HostAccounts accounts, Path clientPublicKey)
      throws IOException {
    Path fs = hostDir.resolve("fs");
    for (String dir : new String[] {"run", "var/log/nginx", "var/lib/nginx", "var/lib/fleet", "etc/nginx/modules-enabled", "etc/ssh"}) {
      Files.createDirectories(fs.resolve(dir));
    }
    Files.createDirectories(hostDir.resolve("sbin-upper"));
    Files.createDirectories(hostDir.resolve("sbin-work"));
    Files.createDirectories(fs.resolve("tmp")); // host-init.sh makes it 1777: Java cannot set the sticky bit
    Files.createDirectories(fs.resolve("root"));
    Files.setPosixFilePermissions(fs.resolve("root"), PosixFilePermissions.fromString("rwx------"));
    Path deployHome = Files.createDirectories(fs.resolve(HostAccounts.DEPLOY_HOME.substring(1)));
    Files.setAttribute(deployHome, "unix:uid", accounts.deployId);
    Files.setAttribute(deployHome, "unix:gid", accounts.deployId);

    accounts.writeInto(fs.resolve("etc"));
    Files.writeString(fs.resolve("etc/nginx/nginx.conf"), nginxConf(name, address, spec.nginxWorkers(), spec.tlsListener()));
    copyModuleLinks(fs.resolve("etc/nginx/modules-enabled"));
    Files.writeString(fs.resolve("etc/ssh/sshd_config"), sshdConfig(address, spec.sshPort(), spec.sftp(), spec.tcpForwarding()));
    Files.copy(clientPublicKey, fs.resolve("etc/ssh/fleet_authorized_keys"));
    for (String shared : new String[] {"moduli", "ssh_config"}) {
      if (Files.exists(MACHINE_SSH.resolve(shared))) {
        Files.copy(MACHINE_SSH.resolve(shared), fs.resolve("etc/ssh").resolve(shared));
      }
    }
  }

  /** Where each host finds the sandbox's self-signed certificate and key (in its /etc/nginx). */
  static final String TLS_CERTIFICATE = "sandbox-tls.crt";
  static final String TLS_KEY = "sandbox-tls.key";

  static String nginxConf(String name, String address, int workers, boolean tls) {
    // Lines of the server block, indented as its own lines; they end where "location" begins.
    String tlsListener =
        tls
            ? "    listen " + address + ":443 ssl;\n"
                + "    ssl_certificate /etc/nginx/" + TLS_CERTIFICATE + ";\n"
                + "    ssl_certificate_key /etc/nginx/" + TLS_KEY + ";\n"
            : "";
    return """
        # fleet sandbox host %1$s
        user www-data;
        worker_processes %3$d;
        pid /run/nginx.pid;
        error_log /var/log/nginx/error.log;
        include /etc/nginx/modules-enabled/*.conf;

        events {
          worker_connections 256;
        }

        http {
          access_log off;
          server {
            listen %2$s:80;
        %4$s    location / {
              default_type text/plain;
              return 200 "%1$s\\n";
            }
          }
        }
        """
        .formatted(name, address, workers, tlsListener);
  }

  static String sshdConfig(String address, int port, boolean sftp, boolean tcpForwarding) {
    String config =
        """
        # fleet sandbox host: key logins only, for root and deploy
        ListenAddress %s:%d
        HostKey /etc/ssh/ssh_host_ed25519_key
        PidFile /run/sshd.pid
        UsePAM no
        StrictModes no
        PermitRootLogin prohibit-password
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        AuthorizedKeysFile /etc/ssh/fleet_authorized_keys
        PrintMotd no
        # many parallel sessions to one host are normal for a rollout
        MaxStartups 100:30:200
        MaxSessions 50
        """
            .formatted(address, port);
    if (!tcpForwarding) {
      config += "AllowTcpForwarding no\n";
    }
    return sftp ? config + "Subsystem sftp /usr/lib/openssh/sftp-server\n" : config;
  }

  /** Debian enables dynamic modules through symlinks; keeping them keeps the version trap real. */
  private static void copyModuleLinks(Path target) throws IOException {
    if (!Files.isDirectory(MACHINE_MODULES)) {
      return;
    }
    try (var links = Files.list(MACHINE_MODULES)) {
      for (Path link : (Iterable<Path>) links::iterator) {
        Path copy = target.resolve(link.getFileName());
        if (Files.isSymbolicLink(link)) {
          Files.createSymbolicLink(copy, Files.readSymbolicLink(link));
        } else {
          Files.copy(link, copy);
        }
      }
    }
  }
}
