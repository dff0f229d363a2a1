package org.webplatform.appliance.dns.answer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds query messages octet by octet (RFC 1035 §4.1), independent of the code under test. */
final class QueryBytes {
  private int id = 0x1234;
  private boolean rd = true;
  private boolean cd;
  private boolean qr;
  private int opcode;
  private String name = "example.internal";
  private int type = 1;
  private int dclass = 1;
  private Integer ednsPayload;
  private int ednsVersion;
  private boolean dnssecOk;
  private byte[] ednsOptions = new byte[0];
  private int extraOpts;
  private int answerRecords;

  static QueryBytes query(String name, int type) {
    QueryBytes q = new QueryBytes();
    q.name = name;
    q.type = type;
    return q;
  }

  QueryBytes id(int value) {
    id = value;
    return this;
  }

  QueryBytes rd(boolean value) {
    rd = value;
    return this;
  }

  QueryBytes cd(boolean value) {
    cd = value;
    return this;
  }

  QueryBytes qr(boolean value) {
    qr = value;
    return this;
  }

  QueryBytes opcode(int value) {
    opcode = value;
    return this;
  }

  QueryBytes dclass(int value) {
    dclass = value;
    return this;
  }

  QueryBytes edns(int payload) {
    ednsPayload = payload;
    return this;
  }

  QueryBytes ednsVersion(int value) {
    ednsVersion = value;
    return this;
  }

  QueryBytes dnssecOk(boolean value) {
    dnssecOk = value;
    return this;
  }

  /** Adds an EDNS option (code, data) to the OPT record. */
  QueryBytes ednsOption(int code, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ednsOptions);
    out.write(code >> 8);
    out.write(code);
    out.write(data.length >> 8);
    out.write(data.length);
    out.writeBytes(data);
    ednsOptions = out.toByteArray();
    return this;
  }

  /** Adds {@code count} more OPT records after the first one. */
  QueryBytes extraOpts(int count) {
    extraOpts = count;
    return this;
  }

  /** Adds an A record to the answer section, which a query must not have. */
  QueryBytes withAnswerRecord() {
    answerRecords = 1;
    return this;
  }

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u16(out, id);
    int flags = (qr ? 0x8000 : 0) | (opcode << 11) | (rd ? 0x0100 : 0) | (cd ? 0x0010 : 0);
    u16(out, flags);
    u16(out, 1);
    u16(out, answerRecords);
    u16(out, 0);
    u16(out, ednsPayload == null ? 0 : 1 + extraOpts);
    name(out, name);
    u16(out, type);
    u16(out, dclass);
    if (answerRecords > 0) {
      name(out, name);
      u16(out, 1);
      u16(out, 1);
      u16(out, 0);
      u16(out, 60);
      u16(out, 4);
      out.writeBytes(new byte[] {10, 0, 0, 1});
    }
    if (ednsPayload != null) {
      for (int i = 0; i <= extraOpts; i++) {
        out.write(0);
        u16(out, 41);
        u16(out, ednsPayload);
        out.write(0);
        out.write(ednsVersion);
        u16(out, dnssecOk ? 0x8000 : 0);
        u16(out, ednsOptions.length);
        out.writeBytes(ednsOptions);
      }
    }
    return out.toByteArray();
  }

  ByteBuffer buffer() {
    return ByteBuffer.wrap(bytes());
  }

  static void name(ByteArrayOutputStream out, String name) {
    String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (!trimmed.isEmpty()) {
      for (String label : trimmed.split("\\.")) {
        byte[] bytes = label.getBytes(StandardCharsets.ISO_8859_1);
        out.write(bytes.length);
        out.writeBytes(bytes);
      }
    }
    out.write(0);
  }

  private static void u16(ByteArrayOutputStream out, int value) {
    out.write((value >> 8) & 0xFF);
    out.write(value & 0xFF);
  }
}
