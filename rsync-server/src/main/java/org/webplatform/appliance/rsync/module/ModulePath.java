package org.webplatform.appliance.rsync.module;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one chokepoint that turns a client-named path into a file inside the module (what rsyncd
 * gets from {@code use chroot}). Components are walked one at a time with lstat: {@code ..} and
 * absolute paths from the client are refused outright; a symlink met on the way is followed
 * only when its target, resolved lexically against the link's directory, stays inside the
 * module. The final file is opened with NOFOLLOW by the sender. Names are raw bytes.
 */
public final class ModulePath {
  private static final int MAX_SYMLINKS = 40;
  private static final int MAX_PATH = 4096;

  private final Path root;

  public ModulePath(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** A path inside the module: the file system path and the module-relative components. */
  public record Resolved(Path path, List<byte[]> components) {
    /** The module-relative path as bytes ({@code a/b/c}), empty for the module root. */
    public byte[] relative() {
      return join(components);
    }
  }

  /**
   * Checks a client-supplied module-relative path: no absolute path, no {@code ..}, bounded.
   * Returns its components (empty and {@code .} components dropped).
   */
  public static List<byte[]> clientComponents(byte[] path) throws PathEscapeException {
    if (path.length > MAX_PATH) {
      throw new PathEscapeException("path longer than " + MAX_PATH + " bytes");
    }
    if (path.length > 0 && path[0] == '/') {
      throw new PathEscapeException("absolute path refused");
    }
    List<byte[]> out = new ArrayList<>();
    for (byte[] c : split(path)) {
      if (isDotDot(c)) {
        throw new PathEscapeException("'..' in path refused");
      }
      out.add(c);
    }
    return out;
  }

  /**
   * Resolves module-relative components. Symlinks on intermediate components are followed when
   * they stay inside; the last component is followed only when {@code followLast}. A missing
   * last component resolves (the caller's lstat reports it); a missing directory on the way
   * throws {@link NoSuchFileException}.
   */
  public Resolved resolve(List<byte[]> components, boolean followLast) throws IOException {
    List<byte[]> done = new ArrayList<>();
    List<byte[]> todo = new ArrayList<>(components);
    Path current = root;
    int links = 0;
    while (!todo.isEmpty()) {
      byte[] name = todo.remove(0);
      if (name.length == 0 || isDot(name)) {
        continue;
      }
      if (isDotDot(name)) {
        // Only reachable from a symlink target: climb, but never above the module root.
        if (done.isEmpty()) {
          throw new PathEscapeException("symlink points outside the module");
        }
        done.remove(done.size() - 1);
        current = current.getParent();
        continue;
      }
      Path next = RawNames.child(current, name);
      boolean last = todo.isEmpty();
      if (Files.isSymbolicLink(next) && (!last || followLast)) {
        if (++links > MAX_SYMLINKS) {
          throw new FileSystemException(next.toString(), null, "Too many levels of symbolic links");
        }
        byte[] target = RawNames.linkTarget(Files.readSymbolicLink(next));
        if (target.length > 0 && target[0] == '/') {
          throw new PathEscapeException("symlink points outside the module");
        }
        List<byte[]> expanded = split(target);
        expanded.addAll(todo);
        todo = expanded;
        continue;
      }
      if (!last && !Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
        throw new NoSuchFileException(next.toString());
      }
      done.add(name);
      current = next;
    }
    return new Resolved(current, done);
  }

  /**
   * Where the symlink at module-relative {@code linkComponents} points, if it stays inside the
   * module (for --copy-links); null when it escapes.
   */
  public Resolved followInside(List<byte[]> linkComponents) throws IOException {
    try {
      return resolve(linkComponents, true);
    } catch (PathEscapeException e) {
      return null;
    }
  }

  static List<byte[]> split(byte[] path) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= path.length; i++) {
      if (i == path.length || path[i] == '/') {
        if (i > start) {
          byte[] c = java.util.Arrays.copyOfRange(path, start, i);
          if (!isDot(c)) {
            out.add(c);
          }
        }
        start = i + 1;
      }
    }
    return out;
  }

  public static byte[] join(List<byte[]> components) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < components.size(); i++) {
      if (i > 0) {
        out.write('/');
      }
      out.writeBytes(components.get(i));
    }
    return out.toByteArray();
  }

  private static boolean isDot(byte[] c) {
    return c.length == 1 && c[0] == '.';
  }

  private static boolean isDotDot(byte[] c) {
    return c.length == 2 && c[0] == '.' && c[1] == '.';
  }
}
