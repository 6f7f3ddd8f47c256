package dev.fleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a resume reads from a journal about the rollback policy's reverts. */
class RunRecordTest {
  @TempDir Path dir;

  @Test
  void aRevertThatDidNotCompleteIsToRecoverWithItsOwnTargetAndTheHaltStands() throws Exception {
    Path file = dir.resolve("journal.jsonl");
    try (RunJournal journal = RunJournal.openForAppend(file)) {
      journal.append(RunJournal.entry("run-started").put("procedure", "UPGRADE"));
      journal.append(RunJournal.entry("batch-started").put("batch", "0"));
      for (String host : List.of("web1", "web2", "web3", "web4")) {
        journal.append(host(RunJournal.entry("host-started"), host));
        journal.append(host(RunJournal.entry("host-target"), host).put("sha256", "new"));
        journal.append(host(RunJournal.entry("host-finished"), host).put("status", host.equals("web4") ? "ROLLED_BACK" : "UPGRADED"));
      }
      journal.append(RunJournal.entry("halted").put("reason", "web4 failed"));
      // web1 reverted; web2 cut off half-way; web3 caught in flight before its stage finished.
      for (String host : List.of("web1", "web2", "web3")) {
        journal.append(host(RunJournal.entry("revert-started"), host));
      }
      journal.append(host(RunJournal.entry("host-target"), "web1").put("sha256", "old1"));
      journal.append(host(RunJournal.entry("revert-finished"), "web1").put("status", "UPGRADED"));
      journal.append(host(RunJournal.entry("host-target"), "web2").put("sha256", "old2"));
      journal.append(host(RunJournal.entry("revert-finished"), "web2").put("status", "NEEDS_ATTENTION"));
      journal.append(RunJournal.entry("run-ended").put("status", "NEEDS_ATTENTION"));
    }

    RunRecord record = RunRecord.read(file);

    assertEquals(Set.of("web2", "web3"), record.revertsToRecover());
    assertEquals(List.of("web1"), record.revertsDone().stream().map(o -> o.host()).toList());
    assertEquals(Optional.of("old2"), record.revertTarget("web2"));
    assertEquals(Optional.empty(), record.revertTarget("web3"), "the upgrade's target is not the revert's");
    assertEquals(Optional.of("new"), record.target("web3"));
    assertEquals(Optional.of(new RunRecord.Halt("web4 failed", 0)), record.halt());
    assertEquals(Set.of(), record.toRecover());
    assertEquals(List.of("web3", "web2"), record.upgradedNewestFirst(), "web2's revert did not complete");
  }

  private static ObjectNode host(ObjectNode entry, String host) {
    return entry.put("host", host);
  }
}
