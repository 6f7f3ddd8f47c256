package dev.fleet.nginx;

import dev.fleet.nginx.script.Scripts;
import dev.fleet.transport.ssh.SshConnector;
import dev.fleet.transport.ssh.SshOptions;

/**
 * The SSH connector that fleet's commands reach hosts with: each host's persistent shell holds
 * the nginx procedures' scripts from its start, so no request carries them.
 */
public final class NginxSsh {
  private NginxSsh() {}

  public static SshConnector connector() {
    return connector(SshOptions.defaults());
  }

  public static SshConnector connector(SshOptions options) {
    return new SshConnector(options.withShellScripts(Scripts.all()));
  }
}
