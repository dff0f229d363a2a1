package org.webplatform.appliance.rsync.sender;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The one checksum this sender negotiates (protocol 30+: md5; JDK only, no xxhash yet). */
final class Md5 {
  static final int LENGTH = 16;

  private Md5() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
