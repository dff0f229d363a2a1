package org.webplatform.appliance.rsync.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** --checksum-choice values as rsync's options.c and parse_checksum_choice read them. */
class ChecksumChoiceParseTest {
  @Test
  void absentOrAutoNegotiates() {
    for (String arg : new String[] {null, "auto", "AUTO", "auto,auto"}) {
      assertTrue(ChecksumChoice.parse(arg).negotiated(), String.valueOf(arg));
    }
  }

  @Test
  void oneNameServesTransferAndFileList() {
    ChecksumChoice c = ChecksumChoice.parse("XXH3");
    assertFalse(c.negotiated());
    assertEquals(new ChecksumChoice(ChecksumType.XXH3, ChecksumType.XXH3, null), c);
    assertEquals(ChecksumType.XXH64, ChecksumChoice.parse("xxhash").transfer());
  }

  @Test
  void secondNameIsTheFileListChecksumAndAutoMeansMd5() {
    assertEquals(
        new ChecksumChoice(ChecksumType.XXH128, ChecksumType.MD5, null),
        ChecksumChoice.parse("xxh128,md5"));
    assertEquals(
        new ChecksumChoice(ChecksumType.MD5, ChecksumType.XXH3, null),
        ChecksumChoice.parse("auto,xxh3"));
  }

  @Test
  void unsupportedNameIsReported() {
    assertEquals("sha1", ChecksumChoice.parse("sha1").unknown());
    assertEquals("md4", ChecksumChoice.parse("xxh3,md4").unknown());
    assertFalse(ChecksumChoice.parse("xxh3,md4").negotiated());
  }
}
