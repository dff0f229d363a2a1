package org.webplatform.appliance.rsync.sender;

import java.io.IOException;
import java.util.Map;
import org.webplatform.appliance.rsync.protocol.MessageTag;
import org.webplatform.appliance.rsync.protocol.MultiplexedOutput;
import org.webplatform.appliance.rsync.protocol.WireWriter;

/**
 * Encodes the file list (flist.c send_file_entry, write_end_of_flist) and the id lists that
 * follow it. Each entry is delta-coded against the previous one (shared name prefix, same mode,
 * same time, same owner...), so "previous" state lives here.
 */
final class FileListWriter {
  static final int XMIT_TOP_DIR = 0x1;
  static final int XMIT_SAME_MODE = 0x2;
  static final int XMIT_EXTENDED_FLAGS = 0x4;
  static final int XMIT_SAME_UID = 0x8;
  static final int XMIT_SAME_GID = 0x10;
  static final int XMIT_SAME_NAME = 0x20;
  static final int XMIT_LONG_NAME = 0x40;
  static final int XMIT_SAME_TIME = 0x80;
  static final int XMIT_SAME_RDEV_MAJOR = 0x100;
  static final int XMIT_NO_CONTENT_DIR = 0x100;
  static final int XMIT_IO_ERROR_ENDLIST = 0x1000;
  static final int XMIT_MOD_NSEC = 0x2000;

  private final WireWriter w;
  private final ClientOptions opts;
  private final int protocol;
  private final boolean varintFlags;
  private byte[] lastName = new byte[0];
  private int lastMode;
  private long lastMtime;
  private int lastUid;
  private int lastGid;
  private int lastRdevMajor = -1;
  private boolean first = true;

  FileListWriter(WireWriter w, ClientOptions opts, int protocol, boolean varintFlags) {
    this.w = w;
    this.opts = opts;
    this.protocol = protocol;
    this.varintFlags = varintFlags;
  }

  void write(FileEntry e) throws IOException {
    int mode = e.mode;
    int xflags = 0;
    if (e.isDir()) {
      if (e.topDir) {
        xflags |= XMIT_TOP_DIR;
      }
      if (e.noContentDir) {
        xflags |= XMIT_NO_CONTENT_DIR;
      }
    }
    if (mode == lastMode && !first) {
      xflags |= XMIT_SAME_MODE;
    }
    boolean sendsRdev =
        (opts.devices && FileMode.isDevice(mode))
            || (opts.specials && FileMode.isSpecial(mode) && protocol < 31);
    int rdevMajor = FileMode.isDevice(mode) ? e.rdevMajor : 0;
    // Protocol 30 specials carry a dummy rdev: "same major" plus a zero minor.
    if (sendsRdev && (FileMode.isSpecial(mode) || rdevMajor == lastRdevMajor)) {
      xflags |= XMIT_SAME_RDEV_MAJOR;
    }
    if (!opts.owner || (e.uid == lastUid && !first)) {
      xflags |= XMIT_SAME_UID;
    }
    if (!opts.group || (e.gid == lastGid && !first)) {
      xflags |= XMIT_SAME_GID;
    }
    if (e.mtimeSeconds == lastMtime && !first) {
      xflags |= XMIT_SAME_TIME;
    }
    if (protocol >= 31 && e.mtimeNanos != 0) {
      xflags |= XMIT_MOD_NSEC;
    }
    int l1 = 0;
    int max = Math.min(255, Math.min(lastName.length, e.name.length));
    while (l1 < max && lastName[l1] == e.name[l1]) {
      l1++;
    }
    int l2 = e.name.length - l1;
    if (l1 > 0) {
      xflags |= XMIT_SAME_NAME;
    }
    if (l2 > 255) {
      xflags |= XMIT_LONG_NAME;
    }
    writeFlags(xflags, e.isDir());
    if ((xflags & XMIT_SAME_NAME) != 0) {
      w.writeByte(l1);
    }
    if ((xflags & XMIT_LONG_NAME) != 0) {
      w.writeVarint(l2);
    } else {
      w.writeByte(l2);
    }
    w.write(e.name, l1, l2);
    w.writeVarlong(e.size, 3);
    if ((xflags & XMIT_SAME_TIME) == 0) {
      w.writeVarlong(e.mtimeSeconds, 4);
    }
    if ((xflags & XMIT_MOD_NSEC) != 0) {
      w.writeVarint(e.mtimeNanos);
    }
    if ((xflags & XMIT_SAME_MODE) == 0) {
      w.writeInt(mode);
    }
    if (opts.owner && (xflags & XMIT_SAME_UID) == 0) {
      w.writeVarint(e.uid);
    }
    if (opts.group && (xflags & XMIT_SAME_GID) == 0) {
      w.writeVarint(e.gid);
    }
    if (sendsRdev) {
      if ((xflags & XMIT_SAME_RDEV_MAJOR) == 0) {
        w.writeVarint(rdevMajor);
      }
      w.writeVarint(FileMode.isDevice(mode) ? e.rdevMinor : 0);
      if (FileMode.isDevice(mode)) {
        lastRdevMajor = rdevMajor;
      }
    }
    if (opts.links && e.isLink()) {
      w.writeVarint(e.linkTarget.length);
      w.write(e.linkTarget);
    }
    if (opts.checksum && e.isRegular()) {
      w.write(e.checksum);
    }
    lastName = e.name;
    lastMode = mode;
    lastMtime = e.mtimeSeconds;
    lastUid = e.uid;
    lastGid = e.gid;
    first = false;
  }

  private void writeFlags(int xflags, boolean isDir) throws IOException {
    if (varintFlags) {
      w.writeVarint(xflags == 0 ? XMIT_EXTENDED_FLAGS : xflags);
      return;
    }
    if (xflags == 0 && !isDir) {
      // A zero byte would end the list; TOP_DIR means nothing on a non-directory.
      xflags |= XMIT_TOP_DIR;
    }
    if ((xflags & 0xff00) != 0 || xflags == 0) {
      w.writeShort(xflags | XMIT_EXTENDED_FLAGS);
    } else {
      w.writeByte(xflags);
    }
  }

  /** End of list, carrying io_error where the protocol allows (write_end_of_flist). */
  void end(int ioError, boolean safeFlist, MultiplexedOutput out) throws IOException {
    if (varintFlags) {
      w.writeVarint(0);
      w.writeVarint(ioError);
    } else if (ioError != 0 && safeFlist) {
      w.writeShort(XMIT_EXTENDED_FLAGS | XMIT_IO_ERROR_ENDLIST);
      w.writeVarint(ioError);
    } else {
      w.writeByte(0);
      if (ioError != 0) {
        out.messageInt(MessageTag.IO_ERROR, ioError);
      }
    }
  }

  /** uid then gid name lists (non-incremental mode, not with --numeric-ids). */
  void idLists(IdNames names) throws IOException {
    if (opts.numericIds) {
      return;
    }
    if (opts.owner) {
      idList(names.users());
    }
    if (opts.group) {
      idList(names.groups());
    }
  }

  private void idList(Map<Integer, byte[]> ids) throws IOException {
    for (Map.Entry<Integer, byte[]> e : ids.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      w.writeVarint(e.getKey());
      w.writeByte(e.getValue().length);
      w.write(e.getValue());
    }
    w.writeVarint(0);
  }
}
