package org.webplatform.appliance.rsync.sender;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The uid and gid name lists sent after the file list (uidlist.c send_id_lists), so the client
 * maps owners by name. Ids without a name (the JDK then returns the number) and id 0 are left
 * out, as rsync does; the client then keeps the number.
 */
final class IdNames {
  private final Map<Integer, byte[]> users = new LinkedHashMap<>();
  private final Map<Integer, byte[]> groups = new LinkedHashMap<>();

  void note(Path path, int uid, int gid, boolean wantUser, boolean wantGroup) {
    boolean needUser = wantUser && uid != 0 && !users.containsKey(uid);
    boolean needGroup = wantGroup && gid != 0 && !groups.containsKey(gid);
    if (!needUser && !needGroup) {
      return;
    }
    try {
      PosixFileAttributes a =
          Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (needUser) {
        users.put(uid, nameOrNull(a.owner().getName(), uid));
      }
      if (needGroup) {
        groups.put(gid, nameOrNull(a.group().getName(), gid));
      }
    } catch (IOException | RuntimeException e) {
      if (needUser) {
        users.put(uid, null);
      }
      if (needGroup) {
        groups.put(gid, null);
      }
    }
  }

  private static byte[] nameOrNull(String name, int id) {
    if (name == null || name.isEmpty() || name.equals(Integer.toString(id))
        || name.length() > 255) {
      return null;
    }
    return name.getBytes(StandardCharsets.UTF_8);
  }

  Map<Integer, byte[]> users() {
    return users;
  }

  Map<Integer, byte[]> groups() {
    return groups;
  }
}
