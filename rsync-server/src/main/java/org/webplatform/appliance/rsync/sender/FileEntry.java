package org.webplatform.appliance.rsync.sender;

import java.nio.file.Path;

/**
 * One file-list entry: the name as the client sees it (relative to the transfer root, raw
 * bytes), where to open it, and the stat fields rsync sends (flist.c send_file_entry).
 */
final class FileEntry {
  final byte[] name;
  final Path path;
  final byte[] moduleRelative;
  final int mode;
  final long size;
  final long mtimeSeconds;
  final int mtimeNanos;
  final int uid;
  final int gid;
  final int rdevMajor;
  final int rdevMinor;
  /** Symlink target bytes (only for symlinks). */
  final byte[] linkTarget;
  /** A transfer root: "." of a "dir/" argument, or a directory named as an argument. */
  boolean topDir;
  /** A directory listed by -d without -r: its contents are not part of the transfer. */
  boolean noContentDir;
  /** Whole-file checksum for -c (regular files). */
  byte[] checksum;

  FileEntry(
      byte[] name,
      Path path,
      byte[] moduleRelative,
      int mode,
      long size,
      long mtimeSeconds,
      int mtimeNanos,
      int uid,
      int gid,
      int rdevMajor,
      int rdevMinor,
      byte[] linkTarget) {
    this.name = name;
    this.path = path;
    this.moduleRelative = moduleRelative;
    this.mode = mode;
    this.size = size;
    this.mtimeSeconds = mtimeSeconds;
    this.mtimeNanos = mtimeNanos;
    this.uid = uid;
    this.gid = gid;
    this.rdevMajor = rdevMajor;
    this.rdevMinor = rdevMinor;
    this.linkTarget = linkTarget;
  }

  boolean isDir() {
    return FileMode.isDir(mode);
  }

  boolean isRegular() {
    return FileMode.isRegular(mode);
  }

  boolean isLink() {
    return FileMode.isLink(mode);
  }
}
