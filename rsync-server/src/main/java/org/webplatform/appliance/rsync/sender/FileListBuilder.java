package org.webplatform.appliance.rsync.sender;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.webplatform.appliance.rsync.filter.FilterList;
import org.webplatform.appliance.rsync.module.ModulePath;
import org.webplatform.appliance.rsync.module.PathEscapeException;
import org.webplatform.appliance.rsync.module.RawNames;
import org.webplatform.appliance.rsync.protocol.ExitCode;
import org.webplatform.appliance.rsync.protocol.SessionException;

/**
 * Builds the file list from the client's source arguments (flist.c send_file_list): a
 * {@code dir/} argument sends {@code "."} plus, with -r (or one level with -d), its contents
 * named relative to it; {@code dir} sends {@code dir} and {@code dir/...}; a file sends its
 * base name. Every type is listed (the receiver skips what its options exclude); symlinks are
 * sent as symlinks, and -L/-k follow only links whose target stays inside the module. The
 * daemon's rules see module-relative names, the client's rules transfer-relative names.
 */
final class FileListBuilder {
  private static final String ATTRS = "unix:mode,uid,gid,rdev,dev,ino,size,lastModifiedTime";
  private static final int MAX_DEPTH = 1024;

  private final ModulePath module;
  private final FilterList daemonFilter;
  private final FilterList clientFilter;
  private final ClientOptions opts;
  private final TransferErrors errors;
  private final Runnable tick;
  private final List<FileEntry> entries = new ArrayList<>();
  private final IdNames idNames = new IdNames();
  private final Set<String> visitedDirs = new HashSet<>();
  private final ChecksumType checksum;

  FileListBuilder(
      ModulePath module,
      FilterList daemonFilter,
      FilterList clientFilter,
      ClientOptions opts,
      TransferErrors errors,
      ChecksumType checksum,
      Runnable tick) {
    this.checksum = checksum;
    this.module = module;
    this.daemonFilter = daemonFilter;
    this.clientFilter = clientFilter;
    this.opts = opts;
    this.errors = errors;
    this.tick = tick;
  }

  IdNames idNames() {
    return idNames;
  }

  /** {@code args}: source paths relative to the module root (module name already stripped). */
  FileList build(List<byte[]> args) throws IOException {
    for (byte[] arg : args) {
      addArgument(arg);
    }
    return new FileList(entries);
  }

  private void addArgument(byte[] arg) throws IOException {
    boolean trailing =
        arg.length == 0
            || arg[arg.length - 1] == '/'
            || (arg.length == 1 && arg[0] == '.')
            || (arg.length >= 2 && arg[arg.length - 1] == '.' && arg[arg.length - 2] == '/');
    List<byte[]> comps;
    try {
      comps = ModulePath.clientComponents(arg);
    } catch (PathEscapeException e) {
      throw new SessionException(
          ExitCode.FILE_SELECT, "path \"" + RawNames.display(arg) + "\" refused: "
              + e.getMessage());
    }
    String shown = RawNames.display(ModulePath.join(comps));
    for (int i = 1; i <= comps.size(); i++) {
      if (daemonFilter.excluded(ModulePath.join(comps.subList(0, i)), i < comps.size()
          || trailing)) {
        errors.error("link_stat " + errors.where(shown) + " failed: excluded by the daemon");
        return;
      }
    }
    ModulePath.Resolved r;
    Map<String, Object> attrs;
    try {
      try {
        r = module.resolve(comps, trailing || opts.copyLinks);
      } catch (PathEscapeException e) {
        if (trailing || !opts.copyLinks) {
          throw e;
        }
        // -L on a link that leads out: send the link itself, as the walk does.
        r = module.resolve(comps, false);
      }
      attrs = Files.readAttributes(r.path(), ATTRS, LinkOption.NOFOLLOW_LINKS);
    } catch (PathEscapeException e) {
      errors.error(
          "symlink on " + errors.where(shown) + " leads outside the module: not followed");
      return;
    } catch (NoSuchFileException e) {
      if (!opts.ignoreMissingArgs) {
        errors.error(
            "link_stat " + errors.where(shown) + " failed: No such file or directory (2)");
      }
      return;
    } catch (FileSystemException e) {
      errors.error("link_stat " + errors.where(shown) + " failed: " + reason(e));
      return;
    }
    int mode = (Integer) attrs.get("mode");
    long dev = (Long) attrs.get("dev");
    if (comps.isEmpty() || (trailing && FileMode.isDir(mode))) {
      FileEntry dot = entry(new byte[] {'.'}, r.path(), r.relative(), attrs);
      dot.topDir = true;
      entries.add(dot);
      if (opts.recursive || opts.dirs) {
        walk(r.path(), new byte[0], r.components(), dev, 0);
      }
      return;
    }
    byte[] name = comps.get(comps.size() - 1);
    FileEntry e = entry(name, r.path(), r.relative(), attrs);
    if (e.isDir()) {
      e.topDir = true;
    }
    entries.add(e);
    if (e.isDir() && opts.recursive) {
      walk(r.path(), concat(name, new byte[] {'/'}), r.components(), dev, 0);
    }
  }

  private void walk(Path dir, byte[] prefix, List<byte[]> moduleComps, long rootDev, int depth)
      throws IOException {
    if (depth > MAX_DEPTH) {
      errors.error("directory tree deeper than " + MAX_DEPTH + " levels: not descended");
      return;
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path child : ds) {
        children.add(child);
      }
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      String shown = RawNames.display(ModulePath.join(moduleComps));
      errors.error("opendir " + errors.where(shown) + " failed: " + reason(e));
      return;
    }
    for (Path child : children) {
      tick.run();
      byte[] name = RawNames.fileName(child);
      byte[] wireName = concat(prefix, name);
      List<byte[]> childComps = new ArrayList<>(moduleComps);
      childComps.add(name);
      byte[] moduleRel = ModulePath.join(childComps);
      Map<String, Object> attrs;
      Path path = child;
      try {
        attrs = Files.readAttributes(child, ATTRS, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) attrs.get("mode");
        if (FileMode.isLink(mode) && (opts.copyLinks || opts.copyDirLinks)) {
          ModulePath.Resolved target = module.followInside(childComps);
          if (target != null) {
            try {
              Map<String, Object> t = Files.readAttributes(target.path(), ATTRS);
              if (opts.copyLinks || FileMode.isDir((Integer) t.get("mode"))) {
                attrs = t;
                path = target.path();
              }
            } catch (NoSuchFileException dangling) {
              // A dangling link stays a link.
            }
          }
        }
      } catch (NoSuchFileException e) {
        continue;
      } catch (IOException e) {
        errors.error(
            "readlink_stat " + errors.where(RawNames.display(moduleRel)) + " failed: " + reason(e));
        continue;
      }
      int mode = (Integer) attrs.get("mode");
      boolean isDir = FileMode.isDir(mode);
      if (daemonFilter.excluded(moduleRel, isDir) || clientFilter.excluded(wireName, isDir)) {
        continue;
      }
      FileEntry e;
      try {
        e = entry(wireName, path, moduleRel, attrs);
      } catch (IOException ex) {
        errors.error("readlink " + errors.where(RawNames.display(moduleRel)) + " failed");
        continue;
      }
      entries.add(e);
      if (isDir) {
        if (opts.recursive) {
          long dev = (Long) attrs.get("dev");
          if (opts.oneFileSystem && dev != rootDev) {
            continue;
          }
          if (path != child && !visitedDirs.add(dev + ":" + attrs.get("ino"))) {
            continue;
          }
          walk(path, concat(wireName, new byte[] {'/'}), childComps, rootDev, depth + 1);
        } else {
          e.noContentDir = true;
        }
      }
    }
  }

  private FileEntry entry(byte[] name, Path path, byte[] moduleRel, Map<String, Object> a)
      throws IOException {
    int mode = (Integer) a.get("mode");
    long size = (Long) a.get("size");
    FileTime mtime = (FileTime) a.get("lastModifiedTime");
    java.time.Instant t = mtime.toInstant();
    int uid = (Integer) a.get("uid");
    int gid = (Integer) a.get("gid");
    long rdev = (Long) a.get("rdev");
    int major = 0;
    int minor = 0;
    byte[] target = null;
    if (FileMode.isDevice(mode)) {
      major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
      minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
      size = 0;
    } else if (FileMode.isSpecial(mode)) {
      size = 0;
    } else if (FileMode.isLink(mode)) {
      target = RawNames.linkTarget(Files.readSymbolicLink(path));
      size = target.length;
    }
    FileEntry e =
        new FileEntry(
            name, path, moduleRel, mode, size, t.getEpochSecond(), t.getNano(), uid, gid, major,
            minor, target);
    if (!opts.numericIds && (opts.owner || opts.group)) {
      idNames.note(path, uid, gid, opts.owner, opts.group);
    }
    if (opts.checksum && e.isRegular()) {
      e.checksum = fileChecksum(path, moduleRel);
    }
    return e;
  }

  /** -c: the negotiated checksum of the whole file, no seed (checksum.c file_checksum). */
  private byte[] fileChecksum(Path path, byte[] moduleRel) throws IOException {
    try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
      ChecksumType.FileSum md = checksum.newFileSum();
      byte[] buf = new byte[256 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
        tick.run();
      }
      return md.digest();
    } catch (IOException e) {
      // Unreadable now: an all-zero sum makes the client ask for it, and the open fails then.
      return new byte[checksum.length()];
    }
  }

  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "Permission denied (13)";
    }
    if (e instanceof NoSuchFileException) {
      return "No such file or directory (2)";
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return ((FileSystemException) e).getReason();
    }
    return String.valueOf(e.getMessage());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = new byte[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
