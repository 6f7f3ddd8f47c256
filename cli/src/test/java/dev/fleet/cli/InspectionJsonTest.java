package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleet.nginx.step.NewBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --json of plan, check and status, on a host nothing answers for (port 1 of 127.0.0.1 refuses):
 * the document, where it goes, and what it says of a host that could not be asked. What they say
 * of reachable hosts is tested on a real fleet (ReportsAndExitCodesTest).
 */
class InspectionJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path inventory;

  @BeforeEach
  void anInventoryOfOneUnreachableHost() throws Exception {
    Files.writeString(dir.resolve("nginx-new"), "placeholder binary\n");
    Files.writeString(dir.resolve("known_hosts"), "");
    Files.writeString(dir.resolve("key"), "not a real key\n");
    inventory =
        Files.writeString(
            dir.resolve("inventory.yml"),
            String.join(
                "\n",
                "defaults:",
                "  ssh: { user: root, port: 1, known_hosts: known_hosts, identity_file: key }",
                "upgrade: { binary: nginx-new }",
                "groups:",
                "  web:",
                "    hosts:",
                "      web1: { address: 127.0.0.1 }",
                ""));
  }

  @Test
  void statusJsonOnStdoutIsTheOnlyThingThere() throws Exception {
    CliRun run = CliRun.of("status", inventory.toString(), "--json", "-");

    assertEquals(ExitCode.NEEDS_ATTENTION, run.exit(), run.err());
    JsonNode doc = JSON.readTree(run.out());
    assertEquals("status", doc.path("command").asText());
    assertEquals(inventory.toString(), doc.path("inventory").asText());
    assertEquals(ExitCode.NEEDS_ATTENTION, doc.path("exitCode").asInt());
    JsonNode web1 = doc.path("hosts").path(0);
    assertEquals("web1", web1.path("name").asText());
    assertEquals("127.0.0.1", web1.path("address").asText());
    assertEquals("web", web1.path("groups").path(0).asText());
    assertEquals("unreachable", web1.path("state").asText());
    assertFalse(web1.path("settled").asBoolean(true));
    assertFalse(web1.path("reason").asText().isEmpty(), web1.toString());
    assertEquals(0, doc.path("summary").path("settled").asInt(-1));
    assertEquals(1, doc.path("summary").path("unsettled").asInt());
    assertFalse(run.out().contains("HOST"), "no table on stdout: " + run.out());
  }

  @Test
  void checkJsonToAFileKeepsTheTable() throws Exception {
    Path file = dir.resolve("reports/check.json");

    CliRun run = CliRun.of("check", inventory.toString(), "--json", file.toString());

    assertEquals(ExitCode.NEEDS_ATTENTION, run.exit(), run.err());
    assertTrue(run.out().contains("0 of 1 hosts passed"), run.out());
    JsonNode web1 = JSON.readTree(file.toFile()).path("hosts").path(0);
    assertEquals("web1", web1.path("name").asText());
    assertEquals("failed", web1.path("result").asText());
    assertEquals("failed", web1.path("connect").asText());
    assertTrue(web1.path("sudo").isNull() && web1.path("preflight").isNull(), "not tried: " + web1);
    assertFalse(web1.path("reason").asText().isEmpty(), web1.toString());
  }

  @Test
  void planJsonHasTheBinaryTheBatchesAndEachVerdict() throws Exception {
    CliRun run = CliRun.of("plan", inventory.toString(), "--json", "-");

    assertEquals(ExitCode.NEEDS_ATTENTION, run.exit(), run.err());
    JsonNode doc = JSON.readTree(run.out());
    String sha256 = NewBinary.of(dir.resolve("nginx-new")).sha256();
    assertEquals(sha256, doc.path("binary").path("sha256").asText());
    assertEquals(dir.resolve("nginx-new").toString(), doc.path("binary").path("path").asText());
    assertEquals("[[\"web1\"]]", doc.path("batches").toString());
    JsonNode web1 = doc.path("hosts").path(0);
    assertEquals(1, web1.path("batch").asInt());
    assertEquals("refused", web1.path("verdict").asText());
    assertTrue(web1.path("reason").asText().startsWith("unreachable: "), web1.toString());
    assertEquals(sha256, web1.path("toSha256").asText());
    assertEquals(1, doc.path("summary").path("refused").asInt());
  }

  @Test
  void aReportThatCannotBeWrittenIsSaid() throws Exception {
    Path blocked = Files.writeString(dir.resolve("not-a-directory"), "");

    CliRun run = CliRun.of("status", inventory.toString(), "--json", blocked.resolve("status.json").toString());

    assertEquals(ExitCode.NEEDS_ATTENTION, run.exit());
    assertTrue(run.err().contains("could not write the JSON report"), run.err());
  }
}
