package org.webplatform.appliance.rsync.protocol;

/** Special file-index values (rsync.h NDX_*). */
public final class Ndx {
  public static final int DONE = -1;
  public static final int FLIST_EOF = -2;
  public static final int DEL_STATS = -3;

  private Ndx() {}
}
