package dev.fleet.sandbox;

import dev.fleet.transport.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The self-signed certificate a sandbox's TLS listeners present ({@link SandboxSpec#tlsListener}):
 * made once per sandbox with openssl and copied into each host's /etc/nginx. Nobody checks it; it
 * only has to let nginx start a TLS listener.
 */
final class SandboxTls {
  private static final Path OPENSSL = Path.of("/usr/bin/openssl");

  private SandboxTls() {}

  /** Writes {@code dir}/sandbox-tls.crt and .key. */
  static void generate(Path dir) throws IOException {
    if (!Files.isExecutable(OPENSSL)) {
      throw new SandboxException("a sandbox with TLS listeners needs " + OPENSSL + " (Debian package openssl)");
    }
    Files.createDirectories(dir);
    CommandResult made =
        LocalProcesses.run(
            List.of(
                OPENSSL.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-days", "30", "-subj", "/CN=fleet sandbox",
                "-keyout", dir.resolve(HostLayout.TLS_KEY).toString(),
                "-out", dir.resolve(HostLayout.TLS_CERTIFICATE).toString()),
            Duration.ofSeconds(30));
    if (!made.ok()) {
      throw new SandboxException("openssl could not make the sandbox's certificate: " + made.stderr().strip());
    }
  }

  /** Copies the certificate and key made by {@link #generate} into a host's /etc/nginx. */
  static void copyInto(Path dir, Path hostEtcNginx) throws IOException {
    for (String file : List.of(HostLayout.TLS_CERTIFICATE, HostLayout.TLS_KEY)) {
      Files.copy(dir.resolve(file), hostEtcNginx.resolve(file));
    }
  }
}
