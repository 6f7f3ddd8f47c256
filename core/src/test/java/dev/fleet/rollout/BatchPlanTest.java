package dev.fleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.inventory.Amount;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchPlanTest {

  /** hosts | batches as written | resulting batch sizes */
  @ParameterizedTest(name = "{0} hosts, batches [{1}] -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1   | 1,100%          | 1",
        "5   | 1,100%          | 1 4",
        "20  | 1,25%,100%      | 1 5 14",
        "20  | 1,10%,50%,100%  | 1 2 10 7",
        "10  | 3               | 3 3 3 1",
        "3   | 5               | 3",
        "100 | 1%              | " + "1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1",
        "20  | 1%,100%         | 1 19",
        "7   | 2,50%           | 2 3 2",
        "4   | 0,100%          | 1 3",
        "0   | 1,100%          | ''",
      })
  void splitsLikeAnsibleSerialWithTheLastSizeRepeating(int hosts, String batches, String expected) {
    List<Integer> names = IntStream.rangeClosed(1, hosts).boxed().toList();
    List<Amount> sizes = Arrays.stream(batches.split(",")).map(Amount::parse).toList();

    List<List<Integer>> plan = BatchPlan.split(names, sizes);

    String sizesSeen = String.join(" ", plan.stream().map(b -> Integer.toString(b.size())).toList());
    assertEquals(expected, sizesSeen);
    assertEquals(names, plan.stream().flatMap(List::stream).toList(), "every host once, in order");
  }
}
