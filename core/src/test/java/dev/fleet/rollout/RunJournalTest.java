package dev.fleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJournalTest {
  @TempDir Path dir;

  @Test
  void concurrentAppendsSharingFsyncsKeepEveryLineWholeAndEachWritersOrder() throws Exception {
    Path file = dir.resolve("journal.jsonl");
    int writers = 32;
    int each = 50;
    try (RunJournal journal = RunJournal.openForAppend(file)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String host = "web" + w;
        Thread thread = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < each; i++) {
            journal.append(RunJournal.entry("step-ok").put("host", host).put("n", i));
          }
        });
        threads.add(thread);
        thread.start();
      }
      go.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
    }
    List<JsonNode> entries = RunJournal.read(file);
    assertEquals(writers * each, entries.size());
    int[] next = new int[writers];
    for (JsonNode entry : entries) {
      int w = Integer.parseInt(entry.path("host").asText().substring(3));
      assertEquals(next[w]++, entry.path("n").asInt(), "entries of " + entry.path("host").asText() + " out of order");
    }
  }

  @Test
  void anAppendedEntryIsInTheFileWhenAppendReturns() throws Exception {
    Path file = dir.resolve("journal.jsonl");
    try (RunJournal journal = RunJournal.openForAppend(file)) {
      journal.append(RunJournal.entry("run-started"));
      assertEquals("run-started", RunJournal.read(file).get(0).path("event").asText());
      journal.append(RunJournal.entry("run-ended"));
      assertEquals(2, RunJournal.read(file).size());
    }
  }

  @Test
  void stepEntriesAreInTheFileAtOnceButOnlyWhatResumingReadsWaitsForTheDisk() throws Exception {
    Path file = dir.resolve("journal.jsonl");
    try (RunJournal journal = RunJournal.openForAppend(file)) {
      JournalListener listener = new JournalListener(journal, () -> {});
      listener.stepStarted("web1", "stage");
      listener.stepSucceeded("web1", "stage", Duration.ofMillis(5));
      listener.stepFailed("web1", "verify", "health check failed");
      listener.undoStarted("web1", "stage");
      listener.undoFailed("web1", "stage", "connection lost");
      assertEquals(0, journal.fsyncs(), "steps are for people: no fsync");
      assertEquals(5, RunJournal.read(file).size(), "yet written before the run goes on");
      listener.batchStarted(1, 3, List.of());
      listener.halted("budget");
      assertEquals(2, journal.fsyncs());
      assertEquals(
          List.of("step-started", "step-ok", "step-failed", "undo-started", "undo-failed", "batch-started", "halted"),
          RunJournal.read(file).stream().map(e -> e.path("event").asText()).toList());
    }
  }

  /** A resumed run is driven with the flags its start recorded, the reconnect window among them. */
  @Test
  void theOverridesARunStartedWithReadBackTheSame() throws Exception {
    dev.fleet.inventory.UpgradeOverrides given =
        dev.fleet.inventory.UpgradeOverrides.none()
            .with(dev.fleet.inventory.UpgradeSetting.BATCHES, "1,100%")
            .with(dev.fleet.inventory.UpgradeSetting.PARALLEL, "2")
            .with(dev.fleet.inventory.UpgradeSetting.SOAK, "1s")
            .with(dev.fleet.inventory.UpgradeSetting.RECONNECT_WINDOW, "3s")
            .with(dev.fleet.inventory.UpgradeSetting.ROLLBACK, "host");

    JsonNode recorded = RunJournal.JSON.valueToTree(given.byKey());

    assertEquals(given, dev.fleet.inventory.UpgradeOverrides.fromKeys(RunJournal.JSON.convertValue(recorded, STRINGS)));
  }

  /** Journals of earlier versions: record components by name, null where not given, no reconnect window. */
  @Test
  void overridesAnEarlierVersionRecordedStillRead() throws Exception {
    JsonNode recorded =
        RunJournal.JSON.readTree(
            "{\"binary\":null,\"sha256\":null,\"batches\":\"1,100%\",\"parallel\":\"2\",\"maxFailures\":\"1\","
                + "\"canaryMaxFailures\":null,\"pause\":null,\"soak\":\"1s\",\"drainTimeout\":\"90s\",\"rollback\":\"host\"}");

    dev.fleet.inventory.UpgradeOverrides read =
        dev.fleet.inventory.UpgradeOverrides.fromKeys(RunJournal.JSON.convertValue(recorded, STRINGS));

    assertEquals(
        dev.fleet.inventory.UpgradeOverrides.none()
            .with(dev.fleet.inventory.UpgradeSetting.BATCHES, "1,100%")
            .with(dev.fleet.inventory.UpgradeSetting.PARALLEL, "2")
            .with(dev.fleet.inventory.UpgradeSetting.MAX_FAILURES, "1")
            .with(dev.fleet.inventory.UpgradeSetting.SOAK, "1s")
            .with(dev.fleet.inventory.UpgradeSetting.DRAIN_TIMEOUT, "90s")
            .with(dev.fleet.inventory.UpgradeSetting.ROLLBACK, "host"),
        read);
  }

  private static final com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>> STRINGS =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};
}
