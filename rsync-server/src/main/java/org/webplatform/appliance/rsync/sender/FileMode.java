package org.webplatform.appliance.rsync.sender;

/** Linux st_mode type bits as they travel in the file list. */
final class FileMode {
  static final int IFMT = 0170000;
  static final int IFSOCK = 0140000;
  static final int IFLNK = 0120000;
  static final int IFREG = 0100000;
  static final int IFBLK = 0060000;
  static final int IFDIR = 0040000;
  static final int IFCHR = 0020000;
  static final int IFIFO = 0010000;

  private FileMode() {}

  static boolean isDir(int mode) {
    return (mode & IFMT) == IFDIR;
  }

  static boolean isRegular(int mode) {
    return (mode & IFMT) == IFREG;
  }

  static boolean isLink(int mode) {
    return (mode & IFMT) == IFLNK;
  }

  static boolean isDevice(int mode) {
    int t = mode & IFMT;
    return t == IFBLK || t == IFCHR;
  }

  static boolean isSpecial(int mode) {
    int t = mode & IFMT;
    return t == IFIFO || t == IFSOCK;
  }
}
