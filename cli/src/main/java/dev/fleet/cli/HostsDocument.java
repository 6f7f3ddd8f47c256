package dev.fleet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleet.inventory.Host;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The JSON answer of plan, check or status: {@code command}, {@code inventory}, {@code exitCode},
 * {@code hosts} and {@code summary}. Each host starts with the run report's own fields
 * ({@code name}, {@code address}, {@code groups}; see core's JsonReport), then what the command
 * knows about it. The README lists every field.
 */
final class HostsDocument {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectNode root = JSON.createObjectNode();
  private final ArrayNode hosts;
  private final ObjectNode summary;

  HostsDocument(String command, Path inventoryFile) {
    root.put("command", command);
    root.put("inventory", inventoryFile.toString());
    root.putNull("exitCode");
    hosts = JSON.createArrayNode();
    summary = JSON.createObjectNode();
  }

  /** Fields of the whole answer before the hosts (plan: binary, batches). */
  ObjectNode top() {
    return root;
  }

  /** A new host entry with the fields every report has; the caller adds the command's own. */
  ObjectNode host(Host host) {
    ObjectNode node = hosts.addObject();
    node.put("name", host.name());
    node.put("address", host.address());
    node.set("groups", JSON.valueToTree(host.groups()));
    return node;
  }

  ObjectNode summary() {
    return summary;
  }

  String toJson(int exitCode) {
    root.put("exitCode", exitCode);
    root.set("hosts", hosts);
    root.set("summary", summary);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "" (nothing known, nothing wrong) becomes null, as in the run report's reason. */
  static String orNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
