package dev.fleet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleet.inventory.Host;
import dev.fleet.inventory.NginxSettings;
import dev.fleet.nginx.UpgradeOutcome.Status;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.rollout.RolloutResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ReportWritersTest {
  private static final NginxSettings NGINX =
      new NginxSettings("/usr/sbin/nginx", "/run/nginx.pid", "/var/log/nginx/error.log", "http://127.0.0.1/", 200);

  @TempDir Path dir;

  /** A canary and a batch of three: one upgraded, one rolled back, one needing attention, one not reached. */
  private RunReport aRunWithEveryKindOfHost() throws Exception {
    Path file = Files.writeString(dir.resolve("nginx-new"), "new build");
    NewBinary binary = NewBinary.of(file);
    Host web1 = host("web1");
    Host web2 = host("web2");
    Host web3 = host("web3");
    Host web4 = host("web4");
    RunReport report = new RunReport();
    report.planned("20261123-120000-abcd", List.of(List.of(web1), List.of(web2, web3, web4)), binary);
    report.stepStarted("web1", "stage");
    report.stepSucceeded("web1", "stage", Duration.ofMillis(120));
    report.binaryChange("web1", "nginx/1.22.1", "a".repeat(64), "nginx/1.27.3", binary.sha256());
    UpgradeOutcome ok = new UpgradeOutcome("web1", Status.UPGRADED, null, null, Duration.ofMillis(2100));
    report.hostFinished(web1, ok);
    report.stepStarted("web2", "verify");
    report.stepFailed("web2", "verify", "health check http://10.0.0.2/ answered 500, expected 200");
    report.undoStarted("web2", "stage");
    UpgradeOutcome back = new UpgradeOutcome("web2", Status.ROLLED_BACK, "verify", "health check answered 500 <&> \"x\"", Duration.ofMillis(3000));
    report.hostFinished(web2, back);
    UpgradeOutcome stuck = new UpgradeOutcome("web3", Status.NEEDS_ATTENTION, "commit", "the old master 91 did not exit", Duration.ofMillis(9000));
    report.hostFinished(web3, stuck);
    report.halted("2 hosts failed, more than max_failures allows (1)");
    report.rolloutFinished(
        new RolloutResult(RolloutResult.Status.NEEDS_ATTENTION, List.of(ok, back, stuck), List.of(), List.of("web4"), Duration.ofSeconds(15)));
    return report;
  }

  @Test
  void junitReportIsValidForJenkinsAndMapsEachOutcome() throws Exception {
    Path xml = dir.resolve("reports/fleet.xml");
    JUnitReport.write(xml, aRunWithEveryKindOfHost());

    SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(new StreamSource(getClass().getResourceAsStream("jenkins-junit.xsd")))
        .newValidator()
        .validate(new StreamSource(xml.toFile()));

    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
    assertEquals("4", suite.getAttribute("tests"));
    assertEquals("1", suite.getAttribute("failures"));
    assertEquals("1", suite.getAttribute("errors"));
    assertEquals("1", suite.getAttribute("skipped"));
    Element failure = (Element) doc.getElementsByTagName("failure").item(0);
    assertEquals("ROLLED_BACK", failure.getAttribute("type"));
    assertEquals("verify: health check answered 500 <&> \"x\"", failure.getAttribute("message"));
    Element error = (Element) doc.getElementsByTagName("error").item(0);
    assertTrue(error.getAttribute("message").startsWith("commit: the old master 91"), error.getAttribute("message"));
    Element firstCase = (Element) doc.getElementsByTagName("testcase").item(0);
    assertEquals("fleet.batch1", firstCase.getAttribute("classname"));
    assertEquals("web1", firstCase.getAttribute("name"));
  }

  @Test
  void jsonReportParsesAndHasTheDocumentedFields() throws Exception {
    Path json = dir.resolve("run.json");
    JsonReport.write(json, aRunWithEveryKindOfHost(), 3);

    JsonNode root = new ObjectMapper().readTree(json.toFile());
    for (String field : List.of("run", "started", "finished", "status", "exitCode", "binary", "haltReason", "batches", "hosts", "summary")) {
      assertTrue(root.has(field), "missing " + field + " in " + root);
    }
    assertEquals(3, root.get("exitCode").asInt());
    assertEquals("needs-attention", root.get("status").asText());
    assertEquals(64, root.path("binary").path("sha256").asText().length());
    List<String> results =
        StreamSupport.stream(root.get("hosts").spliterator(), false).map(h -> h.get("result").asText()).toList();
    assertEquals(List.of("upgraded", "rolled-back", "needs-attention", "not-reached"), results);
    JsonNode web1 = root.get("hosts").get(0);
    for (String field : List.of("name", "address", "groups", "batch", "result", "failedStep", "reason", "millis",
        "fromVersion", "toVersion", "fromSha256", "toSha256", "steps")) {
      assertTrue(web1.has(field), "host field " + field);
    }
    assertEquals("nginx/1.27.3", web1.get("toVersion").asText());
    assertEquals("stage", web1.get("steps").get(0).get("name").asText());
    assertEquals(120, web1.get("steps").get(0).get("millis").asLong());
    JsonNode web2 = root.get("hosts").get(1);
    assertEquals("verify", web2.get("failedStep").asText());
    assertEquals(1, root.path("summary").path("notReached").asInt());
    assertEquals(1, root.path("summary").path("rolledBack").asInt());
  }

  private static Host host(String name) {
    return new Host(name, "10.0.0." + name.charAt(3), List.of("web"), null, NGINX);
  }
}
