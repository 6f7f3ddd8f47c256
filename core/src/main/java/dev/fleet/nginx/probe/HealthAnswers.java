package dev.fleet.nginx.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the health check got from a host (targets.sh and soak.sh print it): each URL asked with
 * the status it answered, or why nothing could be asked. Status 0 means no HTTP answer at all.
 */
public record HealthAnswers(List<Answer> answers, Optional<String> error) {

  public record Answer(String url, int status) {
    public boolean answered() {
      return status != 0;
    }

    /** "answered 200", or "gave no HTTP answer". */
    String said() {
      return answered() ? "answered " + status : "gave no HTTP answer";
    }
  }

  public HealthAnswers {
    answers = List.copyOf(answers);
  }

  /** The {@code answer} and {@code answer-error} lines of {@code output}; other lines are skipped. */
  public static HealthAnswers parse(String output) {
    List<Answer> answers = new ArrayList<>();
    Optional<String> error = Optional.empty();
    for (String line : output.lines().toList()) {
      if (line.startsWith("answer-error")) {
        String why = line.substring("answer-error".length()).strip();
        error = Optional.of(why.isEmpty() ? "the health check could not be run" : why);
      } else if (line.startsWith("answer ")) {
        String[] fields = line.substring("answer ".length()).strip().split(" ");
        if (fields.length == 2) {
          answers.add(new Answer(fields[0], fields[1].matches("\\d{1,3}") ? Integer.parseInt(fields[1]) : 0));
        }
      }
    }
    return new HealthAnswers(answers, error);
  }

  /** The URLs that answered over HTTP: the ones worth asking the new master. */
  List<String> answeredUrls() {
    return answers.stream().filter(Answer::answered).map(Answer::url).toList();
  }

  Optional<Answer> of(String url) {
    return answers.stream().filter(a -> a.url().equals(url)).findFirst();
  }
}
