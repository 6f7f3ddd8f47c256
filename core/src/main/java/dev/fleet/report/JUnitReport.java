package dev.fleet.report;

import dev.fleet.nginx.UpgradeOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The run as JUnit XML for Jenkins' {@code junit} step ({@code --junit FILE}): one test case per
 * host, grouped by batch. A host rolled back or refused (unreachable included) is a failure, a
 * host that needs attention an error, a host not reached is skipped; each says the step and why.
 */
public final class JUnitReport {
  private JUnitReport() {}

  public static void write(Path file, RunReport report) throws IOException {
    RunReport.Snapshot run = report.snapshot();
    List<RunReport.HostRecord> hosts = run.hosts();
    long failures = hosts.stream().filter(h -> kind(h) == Kind.FAILURE).count();
    long errors = hosts.stream().filter(h -> kind(h) == Kind.ERROR).count();
    long skipped = hosts.stream().filter(h -> kind(h) == Kind.SKIPPED).count();
    double seconds = Duration.between(run.started(), Instant.now()).toMillis() / 1000.0;
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeStartElement("testsuites");
      counts(xml, "fleet", hosts.size(), failures, errors, skipped, seconds);
      xml.writeStartElement("testsuite");
      counts(xml, "fleet upgrade " + run.runId(), hosts.size(), failures, errors, skipped, seconds);
      xml.writeAttribute("timestamp", run.started().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""));
      xml.writeAttribute("hostname", InetAddress.getLocalHost().getHostName());
      for (RunReport.HostRecord h : hosts) {
        testCase(xml, h);
      }
      xml.writeEndElement();
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write " + file, e);
    }
  }

  private enum Kind {
    PASSED,
    FAILURE,
    ERROR,
    SKIPPED
  }

  private static Kind kind(RunReport.HostRecord h) {
    if (h.outcome == null) {
      return Kind.SKIPPED;
    }
    if (h.outcome.status() == UpgradeOutcome.Status.NEEDS_ATTENTION
        || (h.revert != null && !h.revert.succeeded())) {
      return Kind.ERROR;
    }
    return h.outcome.succeeded() ? Kind.PASSED : Kind.FAILURE;
  }

  private static void counts(
      XMLStreamWriter xml, String name, long tests, long failures, long errors, long skipped, double seconds)
      throws XMLStreamException {
    xml.writeAttribute("name", name);
    xml.writeAttribute("tests", Long.toString(tests));
    xml.writeAttribute("failures", Long.toString(failures));
    xml.writeAttribute("errors", Long.toString(errors));
    xml.writeAttribute("skipped", Long.toString(skipped));
    xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
  }

  private static void testCase(XMLStreamWriter xml, RunReport.HostRecord h) throws XMLStreamException {
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", "fleet.batch" + (h.batch + 1));
    xml.writeAttribute("name", h.name);
    double seconds = h.outcome == null ? 0 : h.outcome.took().toMillis() / 1000.0;
    xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
    switch (kind(h)) {
      case FAILURE -> problem(xml, "failure", h.outcome.status().name(), h.outcome.step() + ": " + h.outcome.reason());
      case ERROR -> {
        UpgradeOutcome cause = h.outcome.status() == UpgradeOutcome.Status.NEEDS_ATTENTION ? h.outcome : h.revert;
        problem(xml, "error", "NEEDS_ATTENTION", cause.step() + ": " + cause.reason());
      }
      case SKIPPED -> {
        xml.writeEmptyElement("skipped");
        xml.writeAttribute("message", "not reached: the rollout stopped before this host");
      }
      case PASSED -> {}
    }
    xml.writeStartElement("system-out");
    xml.writeCharacters(stepLog(h));
    xml.writeEndElement();
    xml.writeEndElement();
  }

  private static void problem(XMLStreamWriter xml, String element, String type, String message)
      throws XMLStreamException {
    xml.writeStartElement(element);
    xml.writeAttribute("type", type);
    xml.writeAttribute("message", message);
    xml.writeCharacters(message);
    xml.writeEndElement();
  }

  private static String stepLog(RunReport.HostRecord h) {
    StringBuilder log = new StringBuilder();
    for (RunReport.Step s : h.steps) {
      log.append(s.started()).append(' ').append(s.name()).append(' ').append(s.status());
      if (s.millis() > 0) {
        log.append(" (").append(s.millis()).append(" ms)");
      }
      if (s.reason() != null) {
        log.append(": ").append(s.reason());
      }
      log.append('\n');
    }
    if (!h.toSha256.isEmpty()) {
      log.append("binary ").append(h.fromVersion).append(' ').append(h.fromSha256)
          .append(" -> ").append(h.toVersion).append(' ').append(h.toSha256).append('\n');
    }
    return log.toString();
  }
}
