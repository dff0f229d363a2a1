package org.webplatform.appliance.config;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects located problems while a config file is read. */
final class Problems {
  private final String source;
  private final List<ConfigProblem> list = new ArrayList<>();

  Problems(String source) {
    this.source = source;
  }

  void add(Node at, String message) {
    list.add(new ConfigProblem(source, at == null ? 0 : line(at), message));
  }

  void add(int line, String message) {
    list.add(new ConfigProblem(source, line, message));
  }

  int count() {
    return list.size();
  }

  /** 1-based line of a node (snakeyaml marks are 0-based). */
  static int line(Node node) {
    return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
  }

  void throwIfAny() throws ConfigException {
    if (!list.isEmpty()) {
      throw new ConfigException(list);
    }
  }
}
