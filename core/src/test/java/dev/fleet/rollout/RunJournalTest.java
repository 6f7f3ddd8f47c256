package dev.fleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
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
}
