package org.webplatform.appliance.smtp.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw SMTP client for scripted conversations: send bytes, read one (multi-line) reply. */
public final class SmtpScript implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  /** Set by helpers once the greeting and EHLO are done. */
  public boolean greeted;

  public SmtpScript(InetSocketAddress server, String localIp) throws IOException {
    socket = new Socket();
    socket.setSoTimeout(15_000);
    socket.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
    socket.connect(server, 5000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Reads the complete next reply; returns it with lines joined by \n. */
  public String reply() throws IOException {
    StringBuilder all = new StringBuilder();
    while (true) {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        if (b != '\r') {
          line.append((char) b);
        }
      }
      if (b < 0 && line.length() == 0) {
        return all.length() == 0 ? "EOF" : all.toString();
      }
      if (all.length() > 0) {
        all.append('\n');
      }
      all.append(line);
      if (line.length() < 4 || line.charAt(3) != '-') {
        return all.toString();
      }
    }
  }

  public String command(String line) throws IOException {
    send(line + "\r\n");
    return reply();
  }

  public void send(String raw) throws IOException {
    sendBytes(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  public void sendBytes(byte[] raw) throws IOException {
    out.write(raw);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
