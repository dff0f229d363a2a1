package org.webplatform.appliance.rsync.module;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File names as the raw bytes the kernel stores. The JDK decodes names with sun.jnu.encoding
 * (UTF-8 or ASCII here), which is lossy for other bytes (0xFF becomes U+FFFD); but a Path still
 * holds the original bytes, and {@link Path#toUri()} percent-encodes exactly those bytes, while
 * {@link Path#of(URI)} decodes percent escapes back into bytes. Both are public API, so names
 * round-trip without --add-opens. The fast path (printable ASCII) skips the URI detour.
 */
public final class RawNames {
  private RawNames() {}

  /** The raw bytes of the last component of {@code path}. */
  public static byte[] fileName(Path path) {
    String s = path.getFileName().toString();
    if (isPlainAscii(s)) {
      return s.getBytes(StandardCharsets.US_ASCII);
    }
    byte[] all = uriBytes(path);
    int end = all.length;
    while (end > 1 && all[end - 1] == '/') {
      end--;
    }
    int start = end;
    while (start > 0 && all[start - 1] != '/') {
      start--;
    }
    return java.util.Arrays.copyOfRange(all, start, end);
  }

  /**
   * The raw bytes of a symlink target as {@code Files.readSymbolicLink} returned it (relative
   * targets stay relative).
   */
  public static byte[] linkTarget(Path target) {
    String s = target.toString();
    if (isPlainAscii(s)) {
      return s.getBytes(StandardCharsets.US_ASCII);
    }
    if (target.isAbsolute()) {
      return stripSlash(uriBytes(target));
    }
    // Relative: toUri() resolves against the working directory; strip that prefix again.
    byte[] cwd = stripSlash(uriBytes(Path.of("").toAbsolutePath()));
    byte[] all = stripSlash(uriBytes(target));
    int skip = cwd.length + (cwd.length == 1 ? 0 : 1);
    return java.util.Arrays.copyOfRange(all, Math.min(skip, all.length), all.length);
  }

  /** {@code dir} resolved with a child name given as raw bytes (no '/' inside). */
  public static Path child(Path dir, byte[] name) {
    if (isPlainAscii(name)) {
      return dir.resolve(new String(name, StandardCharsets.US_ASCII));
    }
    byte[] base = stripSlash(uriBytes(dir.toAbsolutePath()));
    StringBuilder uri = new StringBuilder("file://");
    appendEncoded(uri, base);
    if (base.length != 1) {
      uri.append('/');
    }
    appendEncoded(uri, name);
    return Path.of(URI.create(uri.toString()));
  }

  /** For log lines and messages: the name with non-UTF-8 bytes shown as \#ooo like rsync. */
  public static String display(byte[] name) {
    StringBuilder sb = new StringBuilder(name.length);
    java.nio.charset.CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    try {
      String s = dec.decode(java.nio.ByteBuffer.wrap(name)).toString();
      for (char c : s.toCharArray()) {
        if (c < 0x20 || c == 0x7f) {
          sb.append(String.format("\\#%03o", (int) c));
        } else {
          sb.append(c);
        }
      }
      return sb.toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      sb.setLength(0);
      for (byte b : name) {
        int c = b & 0xff;
        if (c < 0x20 || c >= 0x7f) {
          sb.append(String.format("\\#%03o", c));
        } else {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }
  }

  private static boolean isPlainAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '?') {
        return false;
      }
    }
    return true;
  }

  private static boolean isPlainAscii(byte[] b) {
    for (byte x : b) {
      if (x < 0x20 || x == 0x7f || x == '?' || x == '%') {
        return false;
      }
    }
    return true;
  }

  private static byte[] stripSlash(byte[] b) {
    int end = b.length;
    while (end > 1 && b[end - 1] == '/') {
      end--;
    }
    return end == b.length ? b : java.util.Arrays.copyOf(b, end);
  }

  /** The absolute path of {@code p} as raw bytes, decoded from its file: URI. */
  private static byte[] uriBytes(Path p) {
    String raw = p.toUri().getRawPath();
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  private static void appendEncoded(StringBuilder sb, byte[] bytes) {
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '/') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15,
            16));
      }
    }
  }
}
