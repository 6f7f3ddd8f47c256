package dev.fleet.bench;

import dev.fleet.bench.ConnectBenchmark.Round;
import java.util.List;
import java.util.function.ToLongFunction;

/** The benchmark's table: min, median and max per column, and the ratio of medians. */
final class Report {
  private Report() {}

  static void print(int hosts, Round first, List<Round> fleet, List<Round> openssh) {
    System.out.printf("%n%d hosts, connect + authenticate + run `true` on each, in parallel;"
        + " %d rounds, ms%n", hosts, fleet.size());
    System.out.printf("%-36s %6s %6s %6s   %s%n", "wall time", "min", "median", "max", "client CPU (median)");
    row("fleet (SshConnector, 1 thread/host)", fleet);
    row("OpenSSH ssh, shell loop, & + wait", openssh);
    System.out.printf("fleet first round (cold JVM, not in the table): %d ms wall, %d ms CPU%n",
        first.wallMs(), first.cpuMs());
    System.out.printf("median wall fleet / OpenSSH = %.2f (below 1: fleet is faster)%n",
        (double) median(fleet, Round::wallMs) / median(openssh, Round::wallMs));
  }

  private static void row(String name, List<Round> rounds) {
    List<Long> wall = rounds.stream().map(Round::wallMs).sorted().toList();
    System.out.printf("%-36s %6d %6d %6d   %d%n", name, wall.get(0), median(rounds, Round::wallMs),
        wall.get(wall.size() - 1), median(rounds, Round::cpuMs));
  }

  private static long median(List<Round> rounds, ToLongFunction<Round> value) {
    return rounds.stream().mapToLong(value).sorted().toArray()[rounds.size() / 2];
  }
}
