package org.webplatform.appliance.dns.zone;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits master-file text into logical entries per RFC 1035 §5.1, remembering the line each entry
 * starts on. dnsjava's {@code Master} does not expose line numbers, and gdnsd reports every error
 * as {@code file:line}, so the line structure is handled here and only the RDATA of each record is
 * handed to dnsjava. Stateless.
 */
final class MasterFileLexer {
  private MasterFileLexer() {}

  /**
   * Returns the non-empty entries of {@code text}.
   *
   * @throws MasterSyntaxException on an unterminated quoted string or unbalanced parentheses
   */
  static List<MasterEntry> entries(String text) throws MasterSyntaxException {
    List<MasterEntry> entries = new ArrayList<>();
    int n = text.length();
    int i = 0;
    int line = 1;
    while (i < n) {
      int entryLine = line;
      boolean ownerOmitted = isBlank(text.charAt(i));
      List<MasterToken> tokens = new ArrayList<>();
      int depth = 0;
      while (i < n) {
        char c = text.charAt(i);
        if (c == '\n') {
          line++;
          i++;
          if (depth == 0) {
            break;
          }
        } else if (isBlank(c)) {
          i++;
        } else if (c == ';') {
          while (i < n && text.charAt(i) != '\n') {
            i++;
          }
        } else if (c == '(') {
          depth++;
          i++;
        } else if (c == ')') {
          if (depth == 0) {
            throw new MasterSyntaxException(line, "')' without matching '('");
          }
          depth--;
          i++;
        } else if (c == '"') {
          StringBuilder sb = new StringBuilder();
          int startLine = line;
          i++;
          while (true) {
            if (i >= n || text.charAt(i) == '\n') {
              throw new MasterSyntaxException(startLine, "unterminated quoted string");
            }
            char q = text.charAt(i);
            if (q == '"') {
              i++;
              break;
            }
            if (q == '\\' && i + 1 < n && text.charAt(i + 1) != '\n') {
              sb.append(q).append(text.charAt(i + 1));
              i += 2;
            } else {
              sb.append(q);
              i++;
            }
          }
          tokens.add(new MasterToken(sb.toString(), true));
        } else {
          StringBuilder sb = new StringBuilder();
          while (i < n) {
            char u = text.charAt(i);
            if (u == '\\' && i + 1 < n && text.charAt(i + 1) != '\n') {
              sb.append(u).append(text.charAt(i + 1));
              i += 2;
              continue;
            }
            if (isBlank(u) || u == '\n' || u == ';' || u == '(' || u == ')' || u == '"') {
              break;
            }
            sb.append(u);
            i++;
          }
          tokens.add(new MasterToken(sb.toString(), false));
        }
      }
      if (depth > 0) {
        throw new MasterSyntaxException(entryLine, "'(' without matching ')'");
      }
      if (!tokens.isEmpty()) {
        entries.add(new MasterEntry(entryLine, ownerOmitted, List.copyOf(tokens)));
      }
    }
    return entries;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
  }
}
