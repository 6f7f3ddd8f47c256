package dev.fleet.inventory;

import java.util.List;

/** One server as the inventory resolves it: every setting is effective, nothing inherited later. */
public record Host(
    String name, String address, List<String> groups, SshSettings ssh, NginxSettings nginx) {

  public Host {
    groups = List.copyOf(groups);
  }
}
