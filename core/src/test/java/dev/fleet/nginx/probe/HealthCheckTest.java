package dev.fleet.nginx.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.inventory.NginxSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How verify judges the new master's answers, and what the scripts are told to ask: tables. */
class HealthCheckTest {
  private static final NginxSettings LISTENERS = settings(null, true);
  private static final NginxSettings URL = settings("http://127.0.0.1/healthz", true);
  private static final NginxSettings OFF = settings(null, false);

  private static NginxSettings settings(String url, boolean on) {
    return new NginxSettings("/usr/sbin/nginx", "/run/nginx.pid", "/var/log/nginx/error.log", url, 200, on);
  }

  /** "URL STATUS; URL STATUS" as targets.sh prints them. */
  private static HealthAnswers answers(String text) {
    StringBuilder out = new StringBuilder("health\n");
    for (String pair : text.split(";")) {
      if (!pair.isBlank()) {
        out.append("answer ").append(pair.strip()).append('\n');
      }
    }
    return HealthAnswers.parse(out.toString());
  }

  @ParameterizedTest(name = "before [{0}], after [{1}]: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://a:80/ 200                    | http://a:80/ 200                   | ok",
        "http://a:80/ 404                    | http://a:80/ 404                   | ok",
        "http://a:80/ 200                    | http://a:80/ 500                   | health check http://a:80/ answered 500, before the upgrade it answered 200",
        "http://a:80/ 200; https://a:443/ 301 | http://a:80/ 200; https://a:443/ 000 | health check https://a:443/ gave no HTTP answer, before the upgrade it answered 301",
        "http://a:80/ 000; https://a:443/ 200 | https://a:443/ 200                 | ok",
        "http://a:80/ 200                    | ''                                 | health check http://a:80/ gave no HTTP answer, before the upgrade it answered 200",
        "''                                  | ''                                 | ok",
      })
  void withoutAHealthUrlEachAddressAnswersAsBefore(String before, String after, String verdict) {
    assertEquals(
        verdict.equals("ok") ? Optional.empty() : Optional.of(verdict),
        HealthCheck.judge(LISTENERS, Optional.of(answers(before)), answers(after)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://127.0.0.1/healthz 200 | ok",
        "http://127.0.0.1/healthz 500 | health check http://127.0.0.1/healthz answered 500, expected 200",
        "http://127.0.0.1/healthz 000 | health check http://127.0.0.1/healthz gave no HTTP answer, expected 200",
      })
  void aHealthUrlAnswersItsStatusWhateverItAnsweredBefore(String after, String verdict) {
    assertEquals(
        verdict.equals("ok") ? Optional.empty() : Optional.of(verdict),
        HealthCheck.judge(URL, Optional.of(answers("http://127.0.0.1/healthz 500")), answers(after)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://a:80/ 200; http://a:81/ 404 | ok",
        "http://a:80/ 200; http://a:81/ 502 | health check http://a:81/ answered 502 (what it answered before the upgrade is not known to this resumed run, which wants a status below 500)",
        "http://a:80/ 000                   | health check http://a:80/ gave no HTTP answer (what it answered before the upgrade is not known to this resumed run, which wants a status below 500)",
      })
  void aResumedRunWithoutPreflightsAnswersWantsAStatusBelow500(String after, String verdict) {
    assertEquals(
        verdict.equals("ok") ? Optional.empty() : Optional.of(verdict),
        HealthCheck.judge(LISTENERS, Optional.empty(), answers(after)));
  }

  @Test
  void offPassesWhateverCame() {
    assertEquals(Optional.empty(), HealthCheck.judge(OFF, Optional.of(answers("http://a:80/ 200")), answers("http://a:80/ 500")));
  }

  @Test
  void anAnswerErrorFailsWithItsReason() {
    HealthAnswers none = HealthAnswers.parse("health\nanswer-error neither curl nor wget is installed on the host\n");
    assertEquals(
        Optional.of("neither curl nor wget is installed on the host"),
        HealthCheck.judge(LISTENERS, Optional.of(answers("http://a:80/ 200")), none));
  }

  @Test
  void whatTheScriptsAreToldToAsk() {
    assertEquals(List.of("listeners", "4"), HealthCheck.targetArguments(LISTENERS));
    assertEquals(List.of("url", "http://127.0.0.1/healthz"), HealthCheck.targetArguments(URL));
    assertEquals(List.of("off", ""), HealthCheck.targetArguments(OFF));
    HealthAnswers before = answers("http://a:80/ 200; http://b:80/ 000; https://a:443/ 404");
    assertEquals(List.of("insecure", "http://a:80/\nhttps://a:443/"), HealthCheck.verifyArguments(LISTENERS, Optional.of(before)),
        "only what answered before is asked again, one per line");
    assertEquals(List.of("listeners", "4"), HealthCheck.verifyArguments(LISTENERS, Optional.empty()));
    assertEquals(List.of("url", "http://127.0.0.1/healthz"), HealthCheck.verifyArguments(URL, Optional.of(before)));
    assertEquals(List.of("off", ""), HealthCheck.verifyArguments(OFF, Optional.of(before)));
  }

  @Test
  void planAndStatusDescribeWhatIsAskedAndWhatItAnswersNow() {
    assertEquals(
        "http://a:80/ answered 200, https://a:443/ answered 404, http://b:80/ gave no HTTP answer (not asked again)",
        HealthCheck.describe(LISTENERS, answers("http://a:80/ 200; https://a:443/ 404; http://b:80/ 000")));
    assertEquals("the master listens on no TCP address: verify asks nothing", HealthCheck.describe(LISTENERS, answers("")));
    assertEquals(
        "http://127.0.0.1/healthz gave no HTTP answer (verify expects 200)",
        HealthCheck.describe(URL, answers("http://127.0.0.1/healthz 000")));
    assertEquals("off (nginx.health_check)", HealthCheck.describe(OFF, answers("")));
    assertEquals(
        "cannot ask: neither curl nor wget is installed on the host",
        HealthCheck.describe(LISTENERS, HealthAnswers.parse("answer-error neither curl nor wget is installed on the host\n")));
  }
}
