package dev.fleet.nginx.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * targets.sh run by the local sh with stand-ins for listeners (the addresses a master holds) and
 * answer (what each URL answers); the answer stand-in logs every request it is asked.
 */
class TargetsScriptTest {
  private static final String TWO_LISTENERS =
      "listeners() { [ \"$1 $2\" = '42 4' ] || return 1; echo 'listen 127.20.0.11 80'; echo 'listen [::1] 8443'; }\n";

  @TempDir Path dir;

  /** {@code answers}: a case body mapping URL patterns to statuses. Prints the output, then the requests. */
  private List<String> targets(String answers, String... args) throws Exception {
    String script =
        TWO_LISTENERS
            + "answer() { echo \"asked $1 $2\" >> \"$log\"; case $1 in " + answers + " esac; }\n"
            + "targets() {\n" + Scripts.load("targets.sh") + "}\n"
            + "log=$1; shift\ntargets \"$@\"\ncat \"$log\" 2>/dev/null\n";
    ProcessBuilder builder =
        new ProcessBuilder(concat(List.of("sh", "-c", script, "targets-test", dir.resolve("log").toString()), args));
    builder.environment().put("PATH", System.getenv("PATH"));
    return run(builder);
  }

  @Test
  void eachListenerIsAskedOverHttpWithoutCertificateChecks() throws Exception {
    assertEquals(
        List.of(
            "answer http://127.20.0.11:80/ 200",
            "answer http://[::1]:8443/ 404",
            "asked http://127.20.0.11:80/ insecure",
            "asked http://[::1]:8443/ insecure"),
        targets("http://127*) echo 200 ;; *) echo 404 ;;", "42", "listeners", "4"));
  }

  /** nginx answers plain HTTP on a TLS port with 400 ("The plain HTTP request was sent to HTTPS port"). */
  @Test
  void aListenerThatAnswersHttpWith400IsAskedOverHttps() throws Exception {
    assertEquals(
        List.of(
            "answer http://127.20.0.11:80/ 200",
            "answer https://[::1]:8443/ 200",
            "asked http://127.20.0.11:80/ insecure",
            "asked http://[::1]:8443/ insecure",
            "asked https://[::1]:8443/ insecure"),
        targets("http://127*) echo 200 ;; http://*) echo 400 ;; https://*) echo 200 ;;", "42", "listeners", "4"));
  }

  @Test
  void a400ThatHttpsDoesNotAnswerEitherStaysA400() throws Exception {
    assertEquals(
        List.of("answer http://127.20.0.11:80/ 400", "answer http://[::1]:8443/ 400"),
        targets("http://*) echo 400 ;; *) echo 000 ;;", "42", "listeners", "4").subList(0, 2));
  }

  @Test
  void aHealthUrlIsAskedAsItIsWithCertificatesChecked() throws Exception {
    assertEquals(
        List.of("answer https://example.test/healthz 503", "asked https://example.test/healthz "),
        targets("*) echo 503 ;;", "42", "url", "https://example.test/healthz"));
  }

  @Test
  void offAsksNothing() throws Exception {
    assertEquals(List.of(), targets("*) echo 200 ;;", "42", "off", ""));
  }

  @Test
  void withoutCurlOrWgetNothingCanBeAsked() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("bin"));
    String script = TWO_LISTENERS + "targets() {\n" + Scripts.load("targets.sh") + "}\ntargets 42 listeners 4\n";
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", script);
    builder.environment().put("PATH", empty.toString());
    assertEquals(List.of("answer-error neither curl nor wget is installed on the host"), run(builder));
  }

  @Test
  void aHealthUrlThatCannotBeAskedSaysWhy() throws Exception {
    String script =
        "answer() { echo 'neither curl nor wget is installed on the host to ask x' >&2; return 4; }\n"
            + "targets() {\n" + Scripts.load("targets.sh") + "}\ntargets 42 url http://x/\n";
    assertEquals(
        List.of("answer-error neither curl nor wget is installed on the host to ask x"),
        run(new ProcessBuilder("sh", "-c", script)));
  }

  private static List<String> run(ProcessBuilder builder) throws Exception {
    Process p = builder.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out.lines().toList();
  }

  private static List<String> concat(List<String> first, String... rest) {
    List<String> all = new java.util.ArrayList<>(first);
    all.addAll(List.of(rest));
    return all;
  }
}
