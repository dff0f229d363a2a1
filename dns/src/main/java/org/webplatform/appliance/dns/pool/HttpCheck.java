package org.webplatform.appliance.dns.pool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.webplatform.appliance.config.HostPort;

/**
 * gdnsd's {@code http_status}, plus HTTPS: an HTTP/1.1 {@code GET path} to the member's address,
 * healthy when the status code is one of {@code ok_codes}. Only the status line is read.
 *
 * <p>Written on a plain socket rather than {@code java.net.http.HttpClient}: that client refuses
 * to set the Host header (a restricted header) and would resolve a host name through DNS — which
 * may be this very server — instead of connecting to the member's address.
 *
 * <p>HTTPS verifies the certificate with the JDK's trust store against {@code host} (or the
 * address when no host is set), with {@code host} as the TLS server name (SNI); {@code insecure}
 * accepts any certificate, for self-signed internal services. The whole check, TLS handshake
 * included, is bounded by the timeout.
 */
final class HttpCheck implements HealthCheck {
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})( .*)?");
  private static final int MAX_STATUS_LINE = 8192;

  private final int port;
  private final String path;
  private final Optional<String> host;
  private final Set<Integer> okCodes;
  private final Duration timeout;
  private final SSLSocketFactory tls;
  private final boolean verifyHost;

  /**
   * @param tls null for plain HTTP
   * @param verifyHost check the certificate's names (HTTPS without insecure)
   */
  HttpCheck(
      int port,
      String path,
      Optional<String> host,
      List<Integer> okCodes,
      Duration timeout,
      SSLSocketFactory tls,
      boolean verifyHost) {
    this.port = port;
    this.path = path;
    this.host = host;
    this.okCodes = Set.copyOf(okCodes);
    this.timeout = timeout;
    this.tls = tls;
    this.verifyHost = verifyHost;
  }

  /** The TLS socket factory for an https monitor. */
  static SSLSocketFactory tlsFactory(boolean insecure) {
    try {
      if (!insecure) {
        return SSLContext.getDefault().getSocketFactory();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available in this JVM: " + e, e);
    }
  }

  @Override
  public CheckResult check(InetAddress address) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String hostName = host.orElse(HostPort.address(address));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
      socket.setSoTimeout(remainingMillis(deadline));
      Socket channel = tls == null ? socket : handshake(socket, hostName);
      OutputStream out = channel.getOutputStream();
      out.write(request(hostName, address).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String statusLine = readStatusLine(channel, deadline);
      Matcher m = STATUS_LINE.matcher(statusLine);
      if (!m.matches()) {
        return CheckResult.failure("not an HTTP response");
      }
      int status = Integer.parseInt(m.group(1));
      return okCodes.contains(status)
          ? CheckResult.success("status " + status)
          : CheckResult.failure("status " + status);
    } catch (IOException | RuntimeException e) {
      return CheckResult.failure(Failures.describe(e, timeout));
    }
  }

  private Socket handshake(Socket socket, String hostName) throws IOException {
    SSLSocket ssl = (SSLSocket) tls.createSocket(socket, hostName, port, true);
    SSLParameters parameters = ssl.getSSLParameters();
    if (verifyHost) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (host.isPresent() && !host.get().contains(":") && !host.get().matches("[\\d.]+")) {
      // RFC 6066 §3: SNI carries host names only, never address literals.
      parameters.setServerNames(List.of(new SNIHostName(host.get())));
    }
    ssl.setSSLParameters(parameters);
    ssl.startHandshake();
    return ssl;
  }

  private String request(String hostName, InetAddress address) {
    String hostHeader =
        host.isEmpty() && address instanceof Inet6Address ? "[" + hostName + "]" : hostName;
    boolean defaultPort = port == (tls == null ? 80 : 443);
    return "GET " + path + " HTTP/1.1\r\n"
        + "Host: " + hostHeader + (defaultPort ? "" : ":" + port) + "\r\n"
        + "User-Agent: appliance-dns-monitor\r\n"
        + "Accept: */*\r\n"
        + "Connection: close\r\n"
        + "\r\n";
  }

  /** Reads up to the first CRLF, within the deadline however slowly the peer writes. */
  private static String readStatusLine(Socket socket, long deadline) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    while (line.size() < MAX_STATUS_LINE) {
      socket.setSoTimeout(remainingMillis(deadline));
      int b = in.read();
      if (b < 0 || b == '\n') {
        break;
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static int remainingMillis(long deadline) throws SocketTimeoutException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) left;
  }

  /** {@code insecure: true}: every certificate and name is accepted (self-signed services). */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
