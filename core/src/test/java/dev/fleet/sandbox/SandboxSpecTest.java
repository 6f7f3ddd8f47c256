package dev.fleet.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where each sandbox host listens: one /24 up to 244 hosts, then on into the next ones. */
class SandboxSpecTest {
  private static final Path DIR = Path.of("/tmp/sandbox-spec-test");

  @Test
  void upTo244HostsStayOnTheOneNetworkAtTenPlusTheirIndex() {
    SandboxSpec spec = SandboxSpec.of(DIR, 244).withNetworkPrefix("127.40.0");

    assertEquals("127.40.0.11", spec.hostAddress(1));
    assertEquals("127.40.0.110", spec.hostAddress(100));
    assertEquals("127.40.0.254", spec.hostAddress(244));
    assertEquals(List.of("127.40.0"), spec.networkPrefixes());
    assertEquals("127.20.0.13", SandboxSpec.of(DIR, 3).hostAddress(3));
  }

  @Test
  void host245StartsTheNextNetworkAtEleven() {
    SandboxSpec spec = SandboxSpec.of(DIR, 500).withNetworkPrefix("127.40.0");

    assertEquals("127.40.0.254", spec.hostAddress(244));
    assertEquals("127.40.1.11", spec.hostAddress(245));
    assertEquals("127.40.1.254", spec.hostAddress(488));
    assertEquals("127.40.2.11", spec.hostAddress(489));
    assertEquals("127.40.2.22", spec.hostAddress(500));
    assertEquals(List.of("127.40.0", "127.40.1", "127.40.2"), spec.networkPrefixes());
  }

  @Test
  void networksForCountsWhole24s() {
    assertEquals(1, SandboxSpec.networksFor(1));
    assertEquals(1, SandboxSpec.networksFor(244));
    assertEquals(2, SandboxSpec.networksFor(245));
    assertEquals(9, SandboxSpec.networksFor(SandboxSpec.MAX_HOSTS));
  }

  @Test
  void everyAddressIsDistinctUpToTheMostHosts() {
    SandboxSpec spec = SandboxSpec.of(DIR, SandboxSpec.MAX_HOSTS).withNetworkPrefix("127.40.0");
    Set<String> seen = new HashSet<>();
    for (int i = 1; i <= spec.hosts(); i++) {
      String address = spec.hostAddress(i);
      int last = Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
      assertTrue(last >= 11 && last <= 254, address);
      assertTrue(seen.add(address), address + " given twice");
    }
  }

  @Test
  void aPrefixTooHighForTheHostsIsRefusedNamingBoth() {
    assertEquals("127.40.255.254", SandboxSpec.of(DIR, 244).withNetworkPrefix("127.40.255").hostAddress(244));
    assertEquals("127.40.255.11", SandboxSpec.of(DIR, 245).withNetworkPrefix("127.40.254").hostAddress(245));

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> SandboxSpec.of(DIR, 245).withNetworkPrefix("127.40.255"));

    assertTrue(error.getMessage().contains("245 hosts"), error.getMessage());
    assertTrue(error.getMessage().contains("'127.40.255'"), error.getMessage());
    assertTrue(error.getMessage().contains("past 255"), error.getMessage());
  }

  @Test
  void moreThanTheMostHostsIsRefused() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> SandboxSpec.of(DIR, SandboxSpec.MAX_HOSTS + 1));

    assertEquals("a sandbox holds 1 to 2000 hosts, not 2001", error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SandboxSpec.of(DIR, 0));
  }
}
