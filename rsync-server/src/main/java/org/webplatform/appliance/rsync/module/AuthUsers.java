package org.webplatform.appliance.rsync.module;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.webplatform.appliance.rsync.filter.WildMatch;

/**
 * A module's {@code auth users} (authenticate.c): each entry is a wildmatch pattern for the user
 * name with an optional {@code :deny}, {@code :ro} or {@code :rw} suffix; the first matching
 * entry decides. {@code @group} entries need the system group database and never match here.
 */
public final class AuthUsers {
  /** What an entry grants. Pushes are refused anyway, so ro and rw both mean "may pull". */
  public enum Access {
    DENY,
    READ_ONLY,
    READ_WRITE,
    DEFAULT
  }

  private record Entry(byte[] pattern, Access access) {}

  private final List<Entry> entries = new ArrayList<>();

  public AuthUsers(List<String> config) {
    for (String item : config) {
      for (String token : item.split("[ ,\t]+")) {
        if (token.isEmpty()) {
          continue;
        }
        Access access = Access.DEFAULT;
        int colon = token.lastIndexOf(':');
        if (colon > 0) {
          String suffix = token.substring(colon + 1).toLowerCase(java.util.Locale.ROOT);
          switch (suffix) {
            case "deny":
              access = Access.DENY;
              break;
            case "ro":
              access = Access.READ_ONLY;
              break;
            case "rw":
              access = Access.READ_WRITE;
              break;
            default:
              colon = -1;
          }
          if (colon > 0) {
            token = token.substring(0, colon);
          }
        }
        entries.add(new Entry(token.getBytes(StandardCharsets.UTF_8), access));
      }
    }
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The access of the first entry matching {@code user}; empty when none matches. */
  public Optional<Access> lookup(String user) {
    byte[] name = user.getBytes(StandardCharsets.UTF_8);
    for (Entry e : entries) {
      if (e.pattern.length > 0 && e.pattern[0] == '@') {
        continue;
      }
      if (WildMatch.matches(e.pattern, name)) {
        return Optional.of(e.access);
      }
    }
    return Optional.empty();
  }
}
