package org.webplatform.appliance.rsync.sender;

import java.util.ArrayList;
import java.util.List;

/**
 * The sorted, de-duplicated file list; an entry's position is the index (ndx) the client's
 * generator asks for, because the receiver sorts the same way (flist.c flist_sort_and_clean).
 */
final class FileList {
  private final List<FileEntry> entries;
  private final long totalSize;

  FileList(List<FileEntry> unsorted) {
    List<FileEntry> sorted = new ArrayList<>(unsorted);
    sorted.sort(FileNameOrder.INSTANCE);
    List<FileEntry> clean = new ArrayList<>(sorted.size());
    long total = 0;
    for (FileEntry e : sorted) {
      if (!clean.isEmpty()
          && FileNameOrder.compareNames(
                  clean.get(clean.size() - 1).name,
                  clean.get(clean.size() - 1).isDir(),
                  e.name,
                  e.isDir())
              == 0) {
        continue;
      }
      clean.add(e);
      if (e.isRegular() || e.isLink()) {
        total += e.size;
      }
    }
    this.entries = List.copyOf(clean);
    this.totalSize = total;
  }

  List<FileEntry> entries() {
    return entries;
  }

  int size() {
    return entries.size();
  }

  FileEntry get(int ndx) {
    return entries.get(ndx);
  }

  /** Sum of regular file and symlink sizes: the statistics' total_size. */
  long totalSize() {
    return totalSize;
  }
}
