package dev.fleet.rollout;

import dev.fleet.inventory.Amount;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the selected hosts into batches, Ansible {@code serial} style: each size is a count or a
 * share of all selected hosts, the first batch is the canary (when more follow), and the last
 * size repeats until no host is left. A size that rounds to zero (1% of 20 hosts) becomes one, so no batch is empty.
 */
public final class BatchPlan {
  private BatchPlan() {}

  public static <T> List<List<T>> split(List<T> hosts, List<Amount> sizes) {
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("at least one batch size is needed");
    }
    List<List<T>> batches = new ArrayList<>();
    int next = 0;
    for (int i = 0; next < hosts.size(); i++) {
      Amount size = sizes.get(Math.min(i, sizes.size() - 1));
      int count = Math.max(1, size.of(hosts.size()));
      int end = Math.min(hosts.size(), next + count);
      batches.add(List.copyOf(hosts.subList(next, end)));
      next = end;
    }
    return List.copyOf(batches);
  }
}
