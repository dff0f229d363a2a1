package org.webplatform.appliance.rsync.sender;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** MD5 from the JDK: the implied checksum of clients without the 'v' capability. */
final class Md5 {
  private Md5() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
