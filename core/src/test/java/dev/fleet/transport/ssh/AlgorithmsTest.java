package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedResource;
import org.junit.jupiter.api.Test;

class AlgorithmsTest {

  @Test
  void modernClientsOfferAesGcmFirstAndDropNothingElseThanWeakCiphers() {
    SshClient defaults = SshClient.setUpDefaultClient();
    SshClient modern = SshClient.setUpDefaultClient();
    Algorithms.modern(modern);
    List<String> offered = NamedResource.getNameList(modern.getCipherFactories());
    assertEquals(List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com"), offered.subList(0, 2));
    List<String> expected =
        NamedResource.getNameList(defaults.getCipherFactories()).stream()
            .filter(name -> !Algorithms.weakCipher(name))
            .toList();
    assertEquals(new HashSet<>(expected), new HashSet<>(offered));
  }
}
