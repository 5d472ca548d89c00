package dev.oncelane.workers.config;

import dev.oncelane.relay.signatures.SignatureScheme;
import dev.oncelane.relay.sources.ExpressionSource;
import dev.oncelane.relay.sources.Preset;
import dev.oncelane.relay.sources.SourceConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the {@code sources:} of oncelane's configuration file (YAML). Each entry declares one
 * source; secrets are never in the file, only the names of the variables that hold them:
 *
 * <pre>{@code
 * sources:
 *   - name: typeform                 # POST /webhooks/typeform
 *     preset: typeform               # typeform | standard-webhooks | generic | expressions
 *     secretEnv: TYPEFORM_SECRET     # the variable holding the signing secret
 *     fields: {01HV8K2QX3: firstname, readable_ref_email: ""}
 *     mappedOnly: true
 *   - name: billing
 *     preset: standard-webhooks
 *     secretEnv: BILLING_WEBHOOK_SECRET
 *     events: ["customer.*"]
 *   - name: shop
 *     preset: expressions
 *     signature: hubspot-v3          # typeform | standard-webhooks | hubspot-v3 | none
 *     secretEnv: SHOP_SECRET
 *     publicUrl: https://hooks.example.com/webhooks/shop
 *     expressions: {key: event.id, email: customer.email, occurredAt: event.at,
 *                   type: event.kind, properties: {firstname: customer.first_name}}
 *     unsigned: false                # true accepts unsigned deliveries: anyone can write
 * }</pre>
 *
 * Every problem is collected with its line ({@code oncelane.yaml:7}), so one run lists them all.
 */
public final class SourcesFile {

  private static final Set<String> SOURCE_KEYS =
      Set.of(
          "name",
          "preset",
          "signature",
          "secretEnv",
          "unsigned",
          "events",
          "fields",
          "mappedOnly",
          "expressions",
          "publicUrl");
  private static final Set<String> EXPRESSION_KEYS =
      Set.of("key", "keyHeader", "email", "occurredAt", "type", "properties");

  private final String fileName;
  private final Map<String, String> env;
  private final List<ConfigProblem> problems = new ArrayList<>();

  private SourcesFile(String fileName, Map<String, String> env) {
    this.fileName = fileName;
    this.env = env;
  }

  /**
   * The sources the file declares, secrets read from {@code env}. A file that declares none (empty,
   * or {@code sources: []}) is a problem, never a silent fall-back to the default sources.
   *
   * @param problems receives every problem found, each with its line
   */
  public static List<SourceConfig> read(
      Path file, Map<String, String> env, List<ConfigProblem> problems) {
    SourcesFile reader = new SourcesFile(file.getFileName().toString(), env);
    List<SourceConfig> sources = List.of();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(in);
      sources = reader.root(root);
      if (sources.isEmpty() && reader.problems.isEmpty()) {
        // Falling back to the three defaults here would open unsigned endpoints the file's
        // author meant to leave out.
        reader.problems.add(
            new ConfigProblem(
                reader.fileName + ":1",
                "the file declares no sources; with a file the relay has exactly the sources it"
                    + " declares (run without --config and ONCELANE_CONFIG for the three defaults)"));
      }
    } catch (MarkedYAMLException e) {
      reader.problems.add(
          new ConfigProblem(
              reader.fileName + ":" + (e.getProblemMark().getLine() + 1),
              "not valid YAML: " + e.getProblem()));
    } catch (IOException e) {
      reader.problems.add(new ConfigProblem(file.toString(), "cannot be read: " + e.getMessage()));
    }
    reader.problems.sort(
        java.util.Comparator.comparingInt(
            p -> Integer.parseInt(p.where().substring(p.where().lastIndexOf(':') + 1))));
    problems.addAll(reader.problems);
    return sources;
  }

  private List<SourceConfig> root(Node root) {
    List<SourceConfig> sources = new ArrayList<>();
    if (root == null) {
      return sources;
    }
    if (!(root instanceof MappingNode mapping)) {
      problem(root, "the file must be a mapping with a sources: list");
      return sources;
    }
    for (NodeTuple entry : mapping.getValue()) {
      String key = scalar(entry.getKeyNode());
      if (!"sources".equals(key)) {
        problem(entry.getKeyNode(), "unknown setting '" + key + "' (the file holds sources:)");
        continue;
      }
      if (!(entry.getValueNode() instanceof SequenceNode list)) {
        problem(entry.getValueNode(), "sources must be a list of sources");
        continue;
      }
      Set<String> names = new HashSet<>();
      for (Node item : list.getValue()) {
        SourceConfig source = source(item, names);
        if (source != null) {
          sources.add(source);
        }
      }
    }
    return sources;
  }

  private SourceConfig source(Node node, Set<String> names) {
    if (!(node instanceof MappingNode mapping)) {
      problem(node, "a source must be a mapping (name:, preset:, …)");
      return null;
    }
    int before = problems.size();
    Map<String, Node> values = fields(mapping, SOURCE_KEYS, "source");
    String name = text(values, "name", node, true);
    if (name != null && !names.add(name)) {
      problem(node, "a second source is named " + name);
    }
    String presetName = text(values, "preset", node, true);
    Preset preset = null;
    if (presetName != null) {
      try {
        preset = Preset.parse(presetName);
      } catch (IllegalArgumentException e) {
        problem(values.get("preset"), e.getMessage());
      }
    }
    if (name != null && !name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      problem(
          values.get("name"),
          "source name '" + name + "' must be lower-case letters, digits and '-'");
      return null;
    }
    if (name == null || preset == null) {
      return null;
    }
    SourceConfig.Builder builder = SourceConfig.builder(name, preset);
    String signature = text(values, "signature", node, false);
    if (signature != null) {
      try {
        builder.signature(SignatureScheme.parse(signature));
      } catch (IllegalArgumentException e) {
        problem(values.get("signature"), e.getMessage());
      }
    }
    String secretEnv = text(values, "secretEnv", node, false);
    if (secretEnv != null) {
      builder.secret(env.get(secretEnv), secretEnv);
    }
    builder.unsigned(bool(values, "unsigned"));
    builder.mappedOnly(bool(values, "mappedOnly"));
    builder.events(list(values.get("events"), "events"));
    builder.fields(map(values.get("fields"), "fields"));
    builder.publicUrl(text(values, "publicUrl", node, false));
    if (values.containsKey("expressions")) {
      builder.expressions(expressions(values.get("expressions")));
    }
    SourceConfig source = builder.build();
    for (String problem : source.problems(false)) {
      problem(node, problem);
    }
    return problems.size() > before ? null : source;
  }

  private SourceConfig.Expressions expressions(Node node) {
    if (!(node instanceof MappingNode mapping)) {
      problem(node, "expressions must be a mapping (key:, email:, properties:, …)");
      return null;
    }
    Map<String, Node> values = fields(mapping, EXPRESSION_KEYS, "expression");
    Map<String, String> properties = map(values.get("properties"), "properties");
    properties.forEach((p, e) -> compile(values.get("properties"), "properties." + p, e));
    for (String key : List.of("key", "email", "occurredAt", "type")) {
      String expression = text(values, key, node, false);
      if (expression != null) {
        compile(values.get(key), key, expression);
      }
    }
    return new SourceConfig.Expressions(
        text(values, "key", node, false),
        text(values, "keyHeader", node, false),
        text(values, "email", node, false),
        text(values, "occurredAt", node, false),
        text(values, "type", node, false),
        properties);
  }

  private void compile(Node node, String where, String expression) {
    try {
      ExpressionSource.compile(where, expression);
    } catch (IllegalArgumentException e) {
      problem(node, e.getMessage());
    }
  }

  private Map<String, Node> fields(MappingNode mapping, Set<String> known, String what) {
    Map<String, Node> values = new LinkedHashMap<>();
    for (NodeTuple entry : mapping.getValue()) {
      String key = scalar(entry.getKeyNode());
      if (!known.contains(key)) {
        problem(entry.getKeyNode(), "unknown " + what + " setting '" + key + "'");
      } else if (values.put(key, entry.getValueNode()) != null) {
        problem(entry.getKeyNode(), key + " is given twice");
      }
    }
    return values;
  }

  private String text(Map<String, Node> values, String key, Node owner, boolean required) {
    Node node = values.get(key);
    if (node == null) {
      if (required) {
        problem(owner, key + " is required");
      }
      return null;
    }
    if (!(node instanceof ScalarNode)) {
      problem(node, key + " must be a single value");
      return null;
    }
    String value = scalar(node);
    if (value.isBlank() && required) {
      problem(node, key + " is empty");
      return null;
    }
    return value.isBlank() ? null : value.trim();
  }

  private boolean bool(Map<String, Node> values, String key) {
    Node node = values.get(key);
    if (node == null) {
      return false;
    }
    String value = node instanceof ScalarNode ? scalar(node) : "";
    if (!value.equals("true") && !value.equals("false")) {
      problem(node, key + " must be true or false");
      return false;
    }
    return Boolean.parseBoolean(value);
  }

  private List<String> list(Node node, String key) {
    List<String> items = new ArrayList<>();
    if (node == null) {
      return items;
    }
    if (!(node instanceof SequenceNode sequence)) {
      problem(node, key + " must be a list");
      return items;
    }
    for (Node item : sequence.getValue()) {
      if (item instanceof ScalarNode) {
        items.add(scalar(item));
      } else {
        problem(item, key + " holds single values only");
      }
    }
    return items;
  }

  private Map<String, String> map(Node node, String key) {
    Map<String, String> map = new LinkedHashMap<>();
    if (node == null) {
      return map;
    }
    if (!(node instanceof MappingNode mapping)) {
      problem(node, key + " must be a mapping of name: value");
      return map;
    }
    for (NodeTuple entry : mapping.getValue()) {
      if (entry.getValueNode() instanceof ScalarNode) {
        map.put(scalar(entry.getKeyNode()), scalar(entry.getValueNode()));
      } else {
        problem(entry.getValueNode(), key + "." + scalar(entry.getKeyNode()) + " must be text");
      }
    }
    return map;
  }

  private static String scalar(Node node) {
    return node instanceof ScalarNode s ? s.getValue() : String.valueOf(node.getNodeId());
  }

  private void problem(Node node, String message) {
    int line = node == null ? 0 : node.getStartMark().getLine() + 1;
    problems.add(new ConfigProblem(fileName + ":" + line, message));
  }
}
