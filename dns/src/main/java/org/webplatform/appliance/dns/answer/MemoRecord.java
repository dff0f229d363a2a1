package org.webplatform.appliance.dns.answer;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One memoised response as a single {@code byte[]}: its {@link MemoKey}, the facts the observer
 * is told, then the response image with ID, RD and CD zeroed. One array instead of a key object,
 * a name array, an entry object and an image array means one dependent load from the table slot
 * to everything a lookup compares and copies (the memo lookup was the top frame of the UDP
 * profile, bench/RESULTS.md). Static helpers only; records are immutable once built.
 *
 * <p>Layout: hash (4 octets), name length (1), qtype (2), EDNS variant (1), size limit (2), rcode
 * (2), truncated (1), the lower-cased question name, the image.
 */
final class MemoRecord {
  private static final int NAME_LENGTH = 4;
  private static final int QTYPE = 5;
  private static final int VARIANT = 7;
  private static final int LIMIT = 8;
  private static final int RCODE = 10;
  private static final int TRUNCATED = 12;
  private static final int NAME = 13;
  private static final int QUESTION_START = 12; // in the image and the query: after the header
  private static final int RD = 0x01;
  private static final int CD = 0x10;

  private MemoRecord() {}

  /** The record of {@code key} answered by {@code outcome}, whose wire is copied. */
  static byte[] of(MemoKey key, Outcome outcome) {
    byte[] wire = outcome.wire();
    int nameLength = key.nameLength();
    int image = NAME + nameLength;
    byte[] record = new byte[image + wire.length];
    putInt(record, 0, key.hash());
    record[NAME_LENGTH] = (byte) nameLength;
    putShort(record, QTYPE, key.qtype());
    record[VARIANT] = (byte) key.variant();
    putShort(record, LIMIT, key.limit());
    putShort(record, RCODE, outcome.rcode());
    record[TRUNCATED] = (byte) (outcome.truncated() ? 1 : 0);
    key.copyName(record, NAME);
    System.arraycopy(wire, 0, record, image, wire.length);
    record[image] = 0;
    record[image + 1] = 0;
    record[image + 2] &= (byte) ~RD;
    record[image + 3] &= (byte) ~CD;
    return record;
  }

  static int hash(byte[] record) {
    return ((record[0] & 0xFF) << 24)
        | ((record[1] & 0xFF) << 16)
        | ((record[2] & 0xFF) << 8)
        | (record[3] & 0xFF);
  }

  /** True when {@code record} holds the response for {@code key}. */
  static boolean matches(byte[] record, MemoKey key) {
    int nameLength = key.nameLength();
    return hash(record) == key.hash()
        && (record[NAME_LENGTH] & 0xFF) == nameLength
        && u16(record, QTYPE) == key.qtype()
        && record[VARIANT] == key.variant()
        && u16(record, LIMIT) == key.limit()
        && key.nameEquals(record, NAME);
  }

  static int qtype(byte[] record) {
    return u16(record, QTYPE);
  }

  static int rcode(byte[] record) {
    return u16(record, RCODE);
  }

  static boolean truncated(byte[] record) {
    return record[TRUNCATED] != 0;
  }

  /**
   * The response to {@code query} (position..limit, unchanged): a copy of the image with ID, RD
   * and CD from the query and the question name as sent. The name has the image's length, so
   * every compression pointer stays valid, and its case is echoed (resolvers' 0x20 check).
   */
  static byte[] render(byte[] record, ByteBuffer query) {
    int image = NAME + (record[NAME_LENGTH] & 0xFF);
    byte[] out = Arrays.copyOfRange(record, image, record.length);
    int base = query.position();
    out[0] = query.get(base);
    out[1] = query.get(base + 1);
    out[2] |= (byte) (query.get(base + 2) & RD);
    out[3] |= (byte) (query.get(base + 3) & CD);
    query.get(base + QUESTION_START, out, QUESTION_START, record[NAME_LENGTH] & 0xFF);
    return out;
  }

  private static int u16(byte[] bytes, int at) {
    return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
  }

  private static void putShort(byte[] bytes, int at, int value) {
    bytes[at] = (byte) (value >>> 8);
    bytes[at + 1] = (byte) value;
  }

  private static void putInt(byte[] bytes, int at, int value) {
    putShort(bytes, at, value >>> 16);
    putShort(bytes, at + 2, value);
  }
}
