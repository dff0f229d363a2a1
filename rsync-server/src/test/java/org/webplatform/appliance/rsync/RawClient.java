package org.webplatform.appliance.rsync;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A hand-written, deliberately misbehaving rsync client for the attack tests. */
final class RawClient implements AutoCloseable {
  final Socket socket;
  final DataInputStream in;
  final OutputStream out;

  RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(15_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  String readLine() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (b.size() == 0) {
          return null;
        }
        break;
      }
      if (c == '\n') {
        break;
      }
      b.write(c);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  void send(byte[] b) throws IOException {
    out.write(b);
    out.flush();
  }

  void send(String s) throws IOException {
    send(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Greeting exchange plus module selection; returns the server's answer line. */
  String open(String module) throws IOException {
    readLine();
    send("@RSYNCD: 31.0 md5\n" + module + "\n");
    return readLine();
  }

  void args(String... args) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String a : args) {
      b.writeBytes(a.getBytes(StandardCharsets.ISO_8859_1));
      b.write(0);
    }
    b.write(0);
    send(b.toByteArray());
  }

  /** Reads compat flags (one varint byte, no 'v' capability sent) and the seed. */
  void readSetup() throws IOException {
    int flags = in.read();
    if (flags < 0 || flags >= 0x80) {
      throw new IOException("unexpected compat flags " + flags);
    }
    in.readFully(new byte[4]);
  }

  void sendData(byte[] payload) throws IOException {
    int header = (7 << 24) | payload.length;
    out.write(new byte[] {(byte) header, (byte) (header >> 8), (byte) (header >> 16), (byte) (
        header >> 24)});
    out.write(payload);
    out.flush();
  }

  static byte[] ints(int... values) {
    byte[] b = new byte[values.length * 4];
    for (int i = 0; i < values.length; i++) {
      int v = values[i];
      b[4 * i] = (byte) v;
      b[4 * i + 1] = (byte) (v >> 8);
      b[4 * i + 2] = (byte) (v >> 16);
      b[4 * i + 3] = (byte) (v >> 24);
    }
    return b;
  }

  /** Error text and exit code the server reports before closing. */
  record Ending(String errors, int exitCode) {}

  /** Reads multiplexed frames until MSG_ERROR_EXIT or end of stream. */
  Ending readUntilExit() throws IOException {
    StringBuilder errors = new StringBuilder();
    try {
      while (true) {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        int b2 = in.readUnsignedByte();
        int b3 = in.readUnsignedByte();
        int tag = b3 - 7;
        int len = b0 | b1 << 8 | b2 << 16;
        byte[] payload = new byte[len];
        in.readFully(payload);
        if (tag == 86) {
          int code = (payload[0] & 0xff) | (payload[1] & 0xff) << 8;
          return new Ending(errors.toString(), code);
        }
        if (tag == 1 || tag == 3) {
          errors.append(new String(payload, StandardCharsets.ISO_8859_1));
        }
      }
    } catch (EOFException | SocketTimeoutException e) {
      return new Ending(errors.toString(), -1);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
