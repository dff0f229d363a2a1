package org.webplatform.appliance.rsync.filter;

/**
 * rsync's wildmatch semantics over raw bytes: {@code *} matches within one path component,
 * {@code **} across slashes, {@code ?} one byte except '/', {@code [...]} classes (never '/'),
 * backslash escapes. Uses the classic abort-early results so a hostile pattern cannot make the
 * match exponential (a failed '*' never retries once a deeper star has given up).
 */
public final class WildMatch {
  private static final int NOMATCH = 0;
  private static final int MATCH = 1;
  private static final int ABORT_ALL = -1;
  private static final int ABORT_TO_STARSTAR = -2;

  private WildMatch() {}

  /** True when {@code pattern} matches the whole of {@code text}. */
  public static boolean matches(byte[] pattern, byte[] text) {
    return match(pattern, 0, text, 0) == MATCH;
  }

  public static boolean matches(byte[] pattern, byte[] text, int textStart) {
    return match(pattern, 0, text, textStart) == MATCH;
  }

  /** True when the pattern contains a wildcard character. */
  public static boolean hasWildcards(byte[] pattern) {
    for (byte b : pattern) {
      if (b == '*' || b == '?' || b == '[') {
        return true;
      }
    }
    return false;
  }

  private static int match(byte[] p, int pi, byte[] t, int ti) {
    for (; pi < p.length; pi++, ti++) {
      int pc = p[pi] & 0xff;
      if (ti >= t.length && pc != '*') {
        return ABORT_ALL;
      }
      switch (pc) {
        case '\\':
          if (pi + 1 < p.length) {
            pc = p[++pi] & 0xff;
          }
          if ((t[ti] & 0xff) != pc) {
            return NOMATCH;
          }
          break;
        case '?':
          if (t[ti] == '/') {
            return NOMATCH;
          }
          break;
        case '*':
          {
            boolean matchSlash = false;
            if (pi + 1 < p.length && p[pi + 1] == '*') {
              while (pi + 1 < p.length && p[pi + 1] == '*') {
                pi++;
              }
              matchSlash = true;
            }
            if (pi + 1 == p.length) {
              if (!matchSlash) {
                for (int i = ti; i < t.length; i++) {
                  if (t[i] == '/') {
                    return NOMATCH;
                  }
                }
              }
              return MATCH;
            }
            while (ti < t.length) {
              int r = match(p, pi + 1, t, ti);
              if (r != NOMATCH) {
                if (!matchSlash || r != ABORT_TO_STARSTAR) {
                  return r;
                }
              } else if (!matchSlash && t[ti] == '/') {
                return ABORT_TO_STARSTAR;
              }
              ti++;
            }
            return ABORT_ALL;
          }
        case '[':
          {
            int end = classEnd(p, pi);
            if (end < 0) {
              // No closing bracket: a literal '['.
              if (t[ti] != '[') {
                return NOMATCH;
              }
              break;
            }
            if (t[ti] == '/' || !classMatches(p, pi + 1, end, t[ti] & 0xff)) {
              return NOMATCH;
            }
            pi = end;
            break;
          }
        default:
          if ((t[ti] & 0xff) != pc) {
            return NOMATCH;
          }
      }
    }
    return ti == t.length ? MATCH : NOMATCH;
  }

  /** Index of the ']' closing the class opened at {@code open}, or -1. */
  private static int classEnd(byte[] p, int open) {
    int i = open + 1;
    if (i < p.length && (p[i] == '!' || p[i] == '^')) {
      i++;
    }
    if (i < p.length && p[i] == ']') {
      i++;
    }
    for (; i < p.length; i++) {
      if (p[i] == '\\') {
        i++;
      } else if (p[i] == '[' && i + 1 < p.length && p[i + 1] == ':') {
        int close = indexOf(p, i + 2, (byte) ':');
        if (close > 0 && close + 1 < p.length && p[close + 1] == ']') {
          i = close + 1;
        }
      } else if (p[i] == ']') {
        return i;
      }
    }
    return -1;
  }

  private static boolean classMatches(byte[] p, int from, int end, int c) {
    boolean negated = false;
    int i = from;
    if (p[i] == '!' || p[i] == '^') {
      negated = true;
      i++;
    }
    boolean matched = false;
    boolean first = true;
    while (i < end) {
      int pc = p[i] & 0xff;
      if (pc == '[' && i + 1 < end && p[i + 1] == ':') {
        int close = indexOf(p, i + 2, (byte) ':');
        if (close > 0 && close + 1 <= end && p[close + 1] == ']') {
          String name = new String(p, i + 2, close - i - 2,
              java.nio.charset.StandardCharsets.US_ASCII);
          matched |= inNamedClass(name, c);
          i = close + 2;
          first = false;
          continue;
        }
      }
      if (pc == '\\' && i + 1 < end) {
        pc = p[++i] & 0xff;
      } else if (pc == ']' && !first) {
        break;
      }
      first = false;
      if (i + 2 < end && p[i + 1] == '-' && p[i + 2] != ']') {
        int hi = p[i + 2] & 0xff;
        if (hi == '\\' && i + 3 < end) {
          hi = p[i + 3] & 0xff;
          i++;
        }
        if (c >= pc && c <= hi) {
          matched = true;
        }
        i += 3;
        continue;
      }
      if (c == pc) {
        matched = true;
      }
      i++;
    }
    return matched != negated;
  }

  private static boolean inNamedClass(String name, int c) {
    if (c >= 0x80) {
      return false;
    }
    char ch = (char) c;
    switch (name) {
      case "alnum":
        return Character.isLetterOrDigit(ch);
      case "alpha":
        return Character.isLetter(ch);
      case "digit":
        return ch >= '0' && ch <= '9';
      case "lower":
        return ch >= 'a' && ch <= 'z';
      case "upper":
        return ch >= 'A' && ch <= 'Z';
      case "space":
        return ch == ' ' || (ch >= '\t' && ch <= '\r');
      case "blank":
        return ch == ' ' || ch == '\t';
      case "punct":
        return ch > 0x20 && ch < 0x7f && !Character.isLetterOrDigit(ch);
      case "xdigit":
        return Character.digit(ch, 16) >= 0;
      case "cntrl":
        return ch < 0x20 || ch == 0x7f;
      case "graph":
        return ch > 0x20 && ch < 0x7f;
      case "print":
        return ch >= 0x20 && ch < 0x7f;
      default:
        return false;
    }
  }

  private static int indexOf(byte[] b, int from, byte v) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }
}
