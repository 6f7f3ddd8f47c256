package dev.fleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU used inside one sandbox host, sampled every few milliseconds while a run goes on, so a
 * step's share can be read between two journal times. Each sample sums utime, stime, cutime and
 * cstime over the host's live process tree (its pid 1 and everything below it): a process that
 * has exited is in its parent's cutime once reaped and in its own stat until then, so the sum
 * only grows, while a long-lived persistent shell's work shows up as it is done, not when the
 * shell exits. The kernel counts in ticks of 10 ms: read a step's CPU over several runs.
 */
final class HostCpuTimeline implements AutoCloseable {
  private final long initPid;
  private final List<Instant> times = new ArrayList<>();
  private final List<Long> ticks = new ArrayList<>();
  private final Thread sampler;
  private volatile boolean stop;

  HostCpuTimeline(long initPid) {
    this.initPid = initPid;
    this.sampler = new Thread(this::sample, "host-cpu-" + initPid);
    sampler.setDaemon(true);
    sample(Instant.now());
    sampler.start();
  }

  private void sample() {
    while (!stop) {
      sample(Instant.now());
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample(Instant now) {
    long total = treeTicks(initPid);
    synchronized (this) {
      times.add(now);
      ticks.add(total);
    }
  }

  /** Ticks of {@code pid} and its live descendants; the parent is read before its children. */
  private static long treeTicks(long pid) {
    long sum = 0;
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      for (int i = 11; i <= 14; i++) { // utime stime cutime cstime
        sum += Long.parseLong(f[i]);
      }
      String children = Files.readString(
          Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children")).strip();
      if (!children.isEmpty()) {
        for (String child : children.split(" ")) {
          sum += treeTicks(Long.parseLong(child));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone between the listing and the read: its time is its parent's now
    }
    return sum;
  }

  /** Host CPU in ms between two instants, from the last sample at or before each. */
  synchronized long cpuMs(Instant from, Instant to) {
    return (at(to) - at(from)) * 10; // USER_HZ is 100 on Linux
  }

  private long at(Instant t) {
    long value = ticks.get(0);
    for (int i = 0; i < times.size() && !times.get(i).isAfter(t); i++) {
      value = ticks.get(i);
    }
    return value;
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    sampler.join();
    sample(Instant.now());
  }
}
