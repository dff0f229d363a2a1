package org.webplatform.appliance.dns.zone;

import java.nio.file.Path;

/** Loads every zone file of a directory. (STUB: implementation in progress.) */
public final class ZoneDirectory {
  private ZoneDirectory() {}

  /**
   * @param previous the snapshot served now; a zone whose file has an error keeps its data from it
   */
  public static ZoneSetLoad load(Path dir, ZoneSet previous) {
    throw new UnsupportedOperationException("stub");
  }
}
