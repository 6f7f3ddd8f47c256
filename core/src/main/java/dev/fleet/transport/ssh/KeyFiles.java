package dev.fleet.transport.ssh;

import dev.fleet.transport.TransportException;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Reads OpenSSH private keys (ed25519, ecdsa, rsa; encrypted or not) once per file and run, so
 * fifty hosts sharing a key ask for its passphrase once. Passphrases never appear in messages.
 */
final class KeyFiles {
  private final Map<Path, List<KeyPair>> loaded = new ConcurrentHashMap<>();
  private final Function<String, String> environment;

  KeyFiles(Function<String, String> environment) {
    this.environment = environment;
  }

  /** The keys in {@code file}; {@code passphraseEnv} names the variable holding its passphrase. */
  List<KeyPair> load(String host, Path file, String passphraseEnv) throws TransportException {
    List<KeyPair> keys = loaded.get(file);
    if (keys == null) {
      synchronized (this) {
        keys = loaded.get(file);
        if (keys == null) {
          keys = read(host, file, passphraseEnv);
          loaded.put(file, keys);
        }
      }
    }
    return keys;
  }

  private List<KeyPair> read(String host, Path file, String passphraseEnv)
      throws TransportException {
    FilePasswordProvider passphrase = passphrase(host, file, passphraseEnv);
    try (InputStream in = Files.newInputStream(file)) {
      List<KeyPair> keys = new ArrayList<>();
      Iterable<KeyPair> pairs =
          SecurityUtils.loadKeyPairIdentities(null, new PathResource(file), in, passphrase);
      if (pairs != null) {
        pairs.forEach(keys::add);
      }
      if (keys.isEmpty()) {
        throw new TransportException(host + ": no private key in " + file, false);
      }
      return List.copyOf(keys);
    } catch (NoSuchFileException e) {
      throw new TransportException(host + ": identity file " + file + " does not exist", false, e);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      // The exception text comes from the key parser and names no secret, only what went wrong.
      throw new TransportException(
          host + ": cannot read private key " + file + ": " + e.getMessage(), false, e);
    }
  }

  /** Asked only when the key turns out to be encrypted. */
  private FilePasswordProvider passphrase(String host, Path file, String passphraseEnv) {
    return (session, resource, retryIndex) -> {
      if (passphraseEnv != null && !passphraseEnv.isBlank()) {
        String value = environment.apply(passphraseEnv);
        if (value == null) {
          throw new IOException(
              "key is encrypted and environment variable " + passphraseEnv + " is not set");
        }
        return value;
      }
      Console console = System.console();
      if (console == null) {
        throw new IOException(
            "key is encrypted; name an environment variable holding the passphrase in the"
                + " inventory (passphrase_env) or run on a terminal");
      }
      char[] typed = console.readPassword("Passphrase for %s (%s): ", file, host);
      if (typed == null) {
        throw new IOException("no passphrase given");
      }
      return new String(typed);
    };
  }
}
