package org.webplatform.appliance.rsync.filter;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * One include/exclude rule with rsync's matching rules (exclude.c rule_matches): a pattern
 * without '/' matches the last path component; an inner '/' makes it match the last
 * slash-count+1 components; a leading '/' anchors it at the transfer root; '**' may match
 * across components; a trailing '/' matches directories only; {@code dir/***} matches the
 * directory and everything below it.
 */
public final class FilterRule {
  private final boolean include;
  private final boolean negate;
  private final boolean directoryOnly;
  private final boolean anchored;
  private final boolean wild;
  private final boolean wild2;
  private final boolean wild2Prefix;
  private final boolean wild3Suffix;
  private final int slashCount;
  private final byte[] pattern;
  private final String text;

  FilterRule(boolean include, boolean negate, byte[] rawPattern, String text) {
    this.include = include;
    this.negate = negate;
    this.text = text;
    byte[] p = rawPattern;
    boolean dirOnly = false;
    if (p.length > 1 && p[p.length - 1] == '/') {
      p = Arrays.copyOf(p, p.length - 1);
      dirOnly = true;
    }
    this.directoryOnly = dirOnly;
    this.anchored = p.length > 0 && p[0] == '/';
    this.pattern = anchored ? Arrays.copyOfRange(p, 1, p.length) : p;
    this.wild = WildMatch.hasWildcards(pattern);
    this.wild2 = contains(pattern, "**");
    this.wild2Prefix = startsWith(pattern, "**/");
    this.wild3Suffix = pattern.length >= 4 && endsWith(pattern, "/***");
    int slashes = anchored ? 1 : 0;
    for (byte b : pattern) {
      if (b == '/') {
        slashes++;
      }
    }
    this.slashCount = slashes;
  }

  public boolean include() {
    return include;
  }

  @Override
  public String toString() {
    return text;
  }

  /**
   * Whether this rule matches {@code name} (path relative to the transfer root, no leading '/').
   */
  public boolean matches(byte[] name, boolean isDir) {
    if (name.length == 0) {
      return false;
    }
    boolean hit = rawMatch(name, isDir);
    return hit != negate;
  }

  private boolean rawMatch(byte[] fullName, boolean isDir) {
    if (directoryOnly && !isDir) {
      return false;
    }
    byte[] name = fullName;
    ByteArrayOutputStream subject = new ByteArrayOutputStream(name.length + 2);
    if (slashCount == 0 && !wild2) {
      int slash = lastIndexOf(name, (byte) '/');
      if (slash >= 0) {
        name = Arrays.copyOfRange(name, slash + 1, name.length);
      }
    } else if (wild2Prefix) {
      // Lets "**/x" match "x" at the top as well.
      subject.write('/');
    }
    subject.write(name, 0, name.length);
    if (isDir && wild3Suffix) {
      subject.write('/');
    }
    byte[] s = subject.toByteArray();
    int slashHandling;
    if (!anchored && slashCount > 0 && !wild2) {
      slashHandling = slashCount + 1;
    } else if (!anchored && !wild2Prefix && wild2) {
      slashHandling = -1;
    } else {
      slashHandling = 0;
    }
    if (slashHandling == 0) {
      return matchAt(s, 0);
    }
    if (slashHandling > 0) {
      // Start after the slash that leaves exactly slashHandling components.
      int components = 1;
      int start = 0;
      for (int i = s.length - 1; i >= 0; i--) {
        if (s[i] == '/') {
          if (components == slashHandling) {
            start = i + 1;
            break;
          }
          components++;
        }
      }
      return matchAt(s, start);
    }
    if (matchAt(s, 0)) {
      return true;
    }
    for (int i = 0; i < s.length; i++) {
      if (s[i] == '/' && matchAt(s, i + 1)) {
        return true;
      }
    }
    return false;
  }

  private boolean matchAt(byte[] s, int start) {
    if (wild) {
      return WildMatch.matches(pattern, s, start);
    }
    if (s.length - start != pattern.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      if (s[start + i] != pattern[i]) {
        return false;
      }
    }
    return true;
  }

  private static int lastIndexOf(byte[] b, byte v) {
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(byte[] b, String s) {
    outer:
    for (int i = 0; i + s.length() <= b.length; i++) {
      for (int j = 0; j < s.length(); j++) {
        if (b[i + j] != s.charAt(j)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean startsWith(byte[] b, String s) {
    if (b.length < s.length()) {
      return false;
    }
    for (int j = 0; j < s.length(); j++) {
      if (b[j] != s.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  private static boolean endsWith(byte[] b, String s) {
    if (b.length < s.length()) {
      return false;
    }
    int off = b.length - s.length();
    for (int j = 0; j < s.length(); j++) {
      if (b[off + j] != s.charAt(j)) {
        return false;
      }
    }
    return true;
  }
}
