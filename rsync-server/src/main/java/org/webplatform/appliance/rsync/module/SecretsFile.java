package org.webplatform.appliance.rsync.module;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code secrets file}: {@code user:password} lines, {@code #} comments. Like rsyncd's
 * {@code strict modes}, a file that others may read or write is not used at all. The first
 * line for a user wins. Loaded at start and on reload.
 */
public final class SecretsFile {
  private final Map<String, byte[]> passwords;
  private final String problem;

  private SecretsFile(Map<String, byte[]> passwords, String problem) {
    this.passwords = passwords;
    this.problem = problem;
  }

  public static SecretsFile load(Path file) {
    try {
      int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      if ((mode & 06) != 0) {
        return new SecretsFile(Map.of(), "secrets file " + file + " must not be other-accessible");
      }
      Map<String, byte[]> map = new LinkedHashMap<>();
      for (byte[] line : lines(Files.readAllBytes(file))) {
        if (line.length == 0 || line[0] == '#') {
          continue;
        }
        int colon = indexOf(line, (byte) ':');
        if (colon <= 0) {
          continue;
        }
        String user = new String(line, 0, colon, StandardCharsets.UTF_8);
        if (user.startsWith("@")) {
          continue;
        }
        map.putIfAbsent(user, java.util.Arrays.copyOfRange(line, colon + 1, line.length));
      }
      return new SecretsFile(map, null);
    } catch (IOException | RuntimeException e) {
      return new SecretsFile(Map.of(), "secrets file " + file + " unreadable: " + e.getMessage());
    }
  }

  /** Why the file is not usable, or null when it is. */
  public String problem() {
    return problem;
  }

  public Optional<byte[]> password(String user) {
    return Optional.ofNullable(passwords.get(user));
  }

  private static java.util.List<byte[]> lines(byte[] all) {
    java.util.List<byte[]> out = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 0; i <= all.length; i++) {
      if (i == all.length || all[i] == '\n') {
        int end = i;
        if (end > start && all[end - 1] == '\r') {
          end--;
        }
        out.add(java.util.Arrays.copyOfRange(all, start, end));
        start = i + 1;
      }
    }
    return out;
  }

  private static int indexOf(byte[] b, byte v) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }
}
