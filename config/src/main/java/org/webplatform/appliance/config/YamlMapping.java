package org.webplatform.appliance.config;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads one YAML mapping of the config file key by key, recording a located {@link
 * ConfigProblem} for every wrong value and, in {@link #finish()}, for every key nobody asked for.
 * Values that fail yield the default so that one run reports every problem of the file.
 */
final class YamlMapping {
  private final Problems problems;
  private final String path;
  private final Node node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> read = new LinkedHashSet<>();
  private final Set<String> asked = new LinkedHashSet<>();

  private YamlMapping(Problems problems, String path, Node node) {
    this.problems = problems;
    this.path = path;
    this.node = node;
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        Node key = tuple.getKeyNode();
        if (!(key instanceof ScalarNode scalar)) {
          problems.add(key, qualified("?") + ": keys must be plain names");
          continue;
        }
        if (entries.putIfAbsent(scalar.getValue(), tuple) != null) {
          problems.add(key, qualified(scalar.getValue()) + ": duplicate key");
        }
      }
    }
  }

  /** The document's root mapping; an empty document is an empty mapping. */
  static YamlMapping root(Problems problems, Optional<Node> document) {
    if (document.isPresent() && !(document.get() instanceof MappingNode)) {
      problems.add(document.get(), "the config file must be a mapping of sections (key: value)");
      return new YamlMapping(problems, "", null);
    }
    return new YamlMapping(problems, "", document.orElse(null));
  }

  /** The nested mapping under {@code key}; an absent key reads as an empty mapping. */
  YamlMapping mapping(String key) {
    Optional<Node> value = value(key);
    if (value.isPresent() && !(value.get() instanceof MappingNode)) {
      if (!isNull(value.get())) {
        problems.add(value.get(), qualified(key) + ": expected a mapping (key: value lines)");
      }
      return new YamlMapping(problems, qualified(key), null);
    }
    return new YamlMapping(problems, qualified(key), value.orElse(null));
  }

  /**
   * The keys of this mapping, in file order, each counted as read: for mappings whose keys are
   * names chosen by the admin (rsync module names...), read with {@link #mapping(String)}.
   */
  List<String> keys() {
    List<String> keys = new ArrayList<>(entries.keySet());
    asked.addAll(keys);
    return keys;
  }

  /**
   * The {@code listen} list of a role's section: addresses (host:port), at least one; absent, the
   * wildcard address on {@code defaultPort}.
   */
  List<InetSocketAddress> listen(int defaultPort) {
    int before = problemCount();
    List<InetSocketAddress> listen =
        list(
            "listen",
            List.of(new InetSocketAddress("0.0.0.0", defaultPort)),
            ValueSyntax::socketAddress,
            "addresses (host:port)");
    if (listen.isEmpty() && problemCount() == before) {
      problem("listen", "at least one address is required");
    }
    return listen;
  }

  int problemCount() {
    return problems.count();
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  /** The line of {@code key}, or of this mapping when the key is absent. */
  int line(String key) {
    NodeTuple tuple = entries.get(key);
    if (tuple != null) {
      return Problems.line(tuple.getKeyNode());
    }
    return node == null ? 0 : Problems.line(node);
  }

  String string(String key, String fallback) {
    return scalar(key, fallback, Function.identity(), "a string");
  }

  boolean bool(String key, boolean fallback) {
    return scalar(
        key,
        fallback,
        text -> {
          // YAML 1.2 core schema: only true/false. yes/no/on are rejected, not guessed.
          if (text.equals("true")) {
            return true;
          }
          if (text.equals("false")) {
            return false;
          }
          throw new IllegalArgumentException("'" + text + "' is not true or false");
        },
        "true or false");
  }

  int integer(String key, int fallback, int min, int max) {
    return scalar(
        key,
        fallback,
        text -> {
          if (!text.matches("-?\\d{1,10}")) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
          }
          long n = Long.parseLong(text);
          if (n < min || n > max) {
            throw new IllegalArgumentException(n + " is not in " + min + ".." + max);
          }
          return (int) n;
        },
        "a whole number");
  }

  /** A scalar converted by {@code parse}; its IllegalArgumentException becomes a problem. */
  <T> T scalar(String key, T fallback, Function<String, T> parse, String expected) {
    Optional<Node> value = value(key);
    if (value.isEmpty()) {
      return fallback;
    }
    return convert(value.get(), qualified(key), parse, expected).orElse(fallback);
  }

  /** A sequence of scalars, each converted by {@code parse}; a single scalar is a list of one. */
  <T> List<T> list(String key, List<T> fallback, Function<String, T> parse, String expected) {
    Optional<Node> value = value(key);
    if (value.isEmpty()) {
      return fallback;
    }
    List<Node> items;
    if (value.get() instanceof SequenceNode sequence) {
      items = sequence.getValue();
    } else if (value.get() instanceof ScalarNode) {
      items = List.of(value.get());
    } else {
      problems.add(value.get(), qualified(key) + ": expected a list of " + expected);
      return fallback;
    }
    List<T> out = new ArrayList<>();
    for (Node item : items) {
      convert(item, qualified(key), parse, expected).ifPresent(out::add);
    }
    return out;
  }

  /**
   * The items of the sequence under {@code key}, for lists whose items may be plain values or
   * mappings ({@code [10.0.0.11, {address: 10.0.0.12, weight: 3}]}); a single scalar is a list of
   * one, an absent key an empty list. Problems of an item are reported under {@code key}.
   */
  List<Item> items(String key) {
    Optional<Node> value = value(key);
    if (value.isEmpty()) {
      return List.of();
    }
    List<Node> nodes =
        value.get() instanceof SequenceNode sequence ? sequence.getValue() : List.of(value.get());
    List<Item> items = new ArrayList<>();
    for (Node item : nodes) {
      items.add(new Item(item, qualified(key)));
    }
    return items;
  }

  /** One item of a sequence read by {@link #items(String)}: a scalar or a mapping. */
  final class Item {
    private final Node node;
    private final String path;

    private Item(Node node, String path) {
      this.node = node;
      this.path = path;
    }

    boolean isMapping() {
      return node instanceof MappingNode;
    }

    /** The item as a mapping whose keys are reported as {@code key.subkey}. */
    YamlMapping mapping() {
      return new YamlMapping(problems, path, node);
    }

    /** The item as a scalar converted by {@code parse}; empty, with a problem, when it fails. */
    <T> Optional<T> scalar(Function<String, T> parse, String expected) {
      return convert(node, path, parse, expected);
    }

    int line() {
      return Problems.line(node);
    }

    void problem(String message) {
      problems.add(node, path + ": " + message);
    }
  }

  /** Reports every key of this mapping that no reader asked for. */
  void finish() {
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      if (!read.contains(entry.getKey())) {
        String known = asked.isEmpty() ? "" : " (known here: " + String.join(", ", asked) + ")";
        problems.add(
            entry.getValue().getKeyNode(), qualified(entry.getKey()) + ": unknown key" + known);
      }
    }
  }

  void problem(String key, String message) {
    NodeTuple tuple = entries.get(key);
    problems.add(tuple != null ? tuple.getValueNode() : node, qualified(key) + ": " + message);
  }

  private Optional<Node> value(String key) {
    asked.add(key);
    NodeTuple tuple = entries.get(key);
    if (tuple == null) {
      return Optional.empty();
    }
    read.add(key);
    return isNull(tuple.getValueNode()) ? Optional.empty() : Optional.of(tuple.getValueNode());
  }

  private <T> Optional<T> convert(
      Node value, String qualifiedKey, Function<String, T> parse, String expected) {
    if (!(value instanceof ScalarNode scalar)) {
      problems.add(value, qualifiedKey + ": expected " + expected);
      return Optional.empty();
    }
    try {
      return Optional.of(parse.apply(scalar.getValue()));
    } catch (IllegalArgumentException e) {
      problems.add(value, qualifiedKey + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode scalar
        && scalar.getTag().getValue().endsWith(":null")
        && (scalar.getValue().isEmpty()
            || scalar.getValue().equals("~")
            || scalar.getValue().equals("null"));
  }

  private String qualified(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
