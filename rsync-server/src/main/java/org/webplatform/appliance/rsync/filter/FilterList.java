package org.webplatform.appliance.rsync.filter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ordered list of include/exclude rules as the sender applies them: the first matching rule
 * decides; no match means included. Built from the client's filter rules (sent after the
 * handshake, exclude.c send_filter_list) or from the module's {@code exclude}/{@code filter}
 * config. Receiver-only rules (protect/risk, the {@code r} modifier) are kept out.
 */
public final class FilterList {
  private final List<FilterRule> rules;

  private FilterList(List<FilterRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static FilterList empty() {
    return new FilterList(List.of());
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  public List<FilterRule> rules() {
    return rules;
  }

  /** True when the first matching rule is an exclude. */
  public boolean excluded(byte[] name, boolean isDir) {
    for (FilterRule rule : rules) {
      if (rule.matches(name, isDir)) {
        return !rule.include();
      }
    }
    return false;
  }

  /** The module's {@code exclude} patterns followed by its {@code filter} rules. */
  public static FilterList fromConfig(List<String> excludes, List<String> filters)
      throws UnsupportedRuleException {
    Builder b = new Builder();
    for (String pattern : excludes) {
      b.add(("- " + pattern).getBytes(StandardCharsets.UTF_8));
    }
    for (String rule : filters) {
      b.add(rule.getBytes(StandardCharsets.UTF_8));
    }
    return b.build();
  }

  /** Collects rules one at a time, as they arrive from the client. */
  public static final class Builder {
    private final List<FilterRule> rules = new ArrayList<>();

    /**
     * Parses one rule in rsync's short ({@code "-s pattern"}) or long ({@code "exclude pattern"})
     * form. Merge-file rules are refused: they need per-directory rule files on the sender.
     */
    public Builder add(byte[] rule) throws UnsupportedRuleException {
      String text = new String(rule, StandardCharsets.UTF_8);
      int i = 0;
      char kind;
      String head = text;
      int space = text.indexOf(' ');
      String word = space < 0 ? text : text.substring(0, space);
      String longName = word.contains(",") ? word.substring(0, word.indexOf(',')) : word;
      switch (longName) {
        case "exclude":
          kind = '-';
          break;
        case "include":
          kind = '+';
          break;
        case "hide":
          kind = 'H';
          break;
        case "show":
          kind = 'S';
          break;
        case "protect":
          kind = 'P';
          break;
        case "risk":
          kind = 'R';
          break;
        case "clear":
          kind = '!';
          break;
        case "merge":
        case "dir-merge":
          throw new UnsupportedRuleException(text);
        default:
          kind = 0;
      }
      String modifiers;
      if (kind != 0) {
        modifiers = word.length() > longName.length() ? word.substring(longName.length() + 1) : "";
        i = space < 0 ? rule.length : space + 1;
      } else {
        if (head.isEmpty()) {
          return this;
        }
        kind = head.charAt(0);
        int end = space < 0 ? text.length() : space;
        modifiers = text.substring(1, end);
        i = space < 0 ? rule.length : space + 1;
        // rsync also accepts "-_pattern": '_' as the separator.
        if (space < 0 && modifiers.indexOf('_') >= 0) {
          int u = text.indexOf('_');
          modifiers = text.substring(1, u);
          i = u + 1;
        }
      }
      byte[] pattern = Arrays.copyOfRange(rule, Math.min(i, rule.length), rule.length);
      boolean negate = false;
      boolean receiverOnly = false;
      for (char m : modifiers.toCharArray()) {
        switch (m) {
          case '!':
            negate = true;
            break;
          case 'r':
            receiverOnly = true;
            break;
          case 's':
          case 'p':
          case '/':
            break;
          case 'x':
            // xattr-name rules never apply to file names.
            receiverOnly = true;
            break;
          case 'C':
            throw new UnsupportedRuleException(text + " (CVS rules)");
          default:
            throw new UnsupportedRuleException(text);
        }
      }
      switch (kind) {
        case '!':
          rules.clear();
          return this;
        case ':':
        case '.':
          throw new UnsupportedRuleException(text + " (merge files)");
        case 'P':
        case 'R':
          return this;
        case '-':
        case 'H':
          if (!receiverOnly) {
            rules.add(new FilterRule(false, negate, pattern, text));
          }
          return this;
        case '+':
        case 'S':
          if (!receiverOnly) {
            rules.add(new FilterRule(true, negate, pattern, text));
          }
          return this;
        default:
          throw new UnsupportedRuleException(text);
      }
    }

    public FilterList build() {
      return new FilterList(rules);
    }
  }

  /** A rule this sender cannot apply (merge files, CVS rules, unknown syntax). */
  public static final class UnsupportedRuleException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnsupportedRuleException(String rule) {
      super("unsupported filter rule: " + rule);
    }
  }
}
