package org.webplatform.appliance.rsync.sender;

import java.util.Comparator;

/**
 * The order both sides sort the file list in (flist.c f_name_cmp, protocol 29+), which defines
 * the file indexes the client requests by: path components compared as unsigned bytes; at one
 * level every non-directory sorts before every directory; a directory component compares as
 * {@code name + "/"} (so {@code a-b < a.b < a < a0}); a directory sorts right before its
 * contents; {@code "."} first.
 */
final class FileNameOrder implements Comparator<FileEntry> {
  static final FileNameOrder INSTANCE = new FileNameOrder();

  @Override
  public int compare(FileEntry a, FileEntry b) {
    return compareNames(a.name, a.isDir(), b.name, b.isDir());
  }

  static int compareNames(byte[] a, boolean aDir, byte[] b, boolean bDir) {
    boolean aDot = a.length == 1 && a[0] == '.';
    boolean bDot = b.length == 1 && b[0] == '.';
    if (aDot || bDot) {
      return aDot && bDot ? 0 : aDot ? -1 : 1;
    }
    int ai = 0;
    int bi = 0;
    while (true) {
      if (ai >= a.length || bi >= b.length) {
        // One name is a directory prefix of the other: the directory comes first.
        return (ai >= a.length ? 0 : 1) - (bi >= b.length ? 0 : 1);
      }
      int aEnd = indexOf(a, ai);
      int bEnd = indexOf(b, bi);
      boolean aCompDir = aEnd < a.length || aDir;
      boolean bCompDir = bEnd < b.length || bDir;
      if (aCompDir != bCompDir) {
        return aCompDir ? 1 : -1;
      }
      int c = compareComponent(a, ai, aEnd, b, bi, bEnd, aCompDir);
      if (c != 0) {
        return c;
      }
      ai = aEnd + 1;
      bi = bEnd + 1;
    }
  }

  private static int compareComponent(
      byte[] a, int as, int ae, byte[] b, int bs, int be, boolean dirs) {
    int i = as;
    int j = bs;
    while (true) {
      // A directory component ends with a virtual '/'; a file component with "nothing".
      int ca = i < ae ? a[i] & 0xff : dirs && i == ae ? '/' : -1;
      int cb = j < be ? b[j] & 0xff : dirs && j == be ? '/' : -1;
      if (ca != cb) {
        return ca - cb;
      }
      if (ca == -1 || (dirs && i == ae)) {
        return 0;
      }
      i++;
      j++;
    }
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == '/') {
        return i;
      }
    }
    return b.length;
  }
}
