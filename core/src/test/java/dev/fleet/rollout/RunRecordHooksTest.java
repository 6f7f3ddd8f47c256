package dev.fleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.fleet.nginx.UpgradeOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a resumed run reads of the hooks from a dead controller's journal. */
class RunRecordHooksTest {
  @TempDir Path temp;

  @Test
  void aHostDrainedAndNotPutBackAwaitsItsAfterHostAndPassedGatesAreKnown() throws Exception {
    Path journal = temp.resolve("journal.jsonl");
    Files.write(
        journal,
        List.of(
            "{\"event\":\"run-started\",\"procedure\":\"UPGRADE\",\"batches\":[[\"web1\"],[\"web2\",\"web3\"]]}",
            "{\"event\":\"hook-started\",\"host\":\"web1\",\"hook\":\"before_host\",\"batch\":\"1\"}",
            "{\"event\":\"hook-ended\",\"host\":\"web1\",\"hook\":\"before_host\",\"batch\":\"1\",\"ok\":\"true\"}",
            "{\"event\":\"hook-started\",\"host\":\"web1\",\"hook\":\"after_host\",\"batch\":\"1\"}",
            "{\"event\":\"hook-ended\",\"host\":\"web1\",\"hook\":\"after_host\",\"batch\":\"1\",\"ok\":\"false\"}",
            "{\"event\":\"host-finished\",\"host\":\"web1\",\"status\":\"UPGRADED\",\"step\":\"after_host\",\"reason\":\"x\",\"millis\":\"5\",\"hookFailed\":\"true\"}",
            "{\"event\":\"hook-ended\",\"hook\":\"after_batch\",\"batch\":\"1\",\"ok\":\"true\"}",
            "{\"event\":\"hook-started\",\"host\":\"web2\",\"hook\":\"before_host\",\"batch\":\"2\"}",
            "{\"event\":\"hook-started\",\"host\":\"web3\",\"hook\":\"before_host\",\"batch\":\"2\"}",
            "{\"event\":\"hook-started\",\"host\":\"web3\",\"hook\":\"after_host\",\"batch\":\"2\"}",
            "{\"event\":\"hook-ended\",\"hook\":\"after_batch\",\"batch\":\"2\",\"ok\":\"false\"}"));

    RunRecord record = RunRecord.read(journal);

    assertEquals(Set.of("web2", "web3"), record.awaitingAfterHost(), "an after_host that started but never ended is owed");
    assertEquals(Set.of(0), record.gatesPassed());
    UpgradeOutcome web1 = record.finished().get(0);
    assertEquals(UpgradeOutcome.Status.UPGRADED, web1.status());
    assertFalse(web1.succeeded(), "its after_host failed, and the journal remembers");
  }
}
