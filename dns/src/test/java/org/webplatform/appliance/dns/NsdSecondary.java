package org.webplatform.appliance.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.webplatform.appliance.testing.Peers;

/**
 * The stock NSD (Debian package nsd) run by the test as a secondary of our zone, on a loopback
 * port just probed free, with everything it writes inside the test's directory. It requests the
 * zone from us (IXFR, falling back to AXFR, as NSD does by default) and accepts our NOTIFY; its
 * refresh timer is held at a day, so within a test only a NOTIFY makes it look again.
 */
final class NsdSecondary implements AutoCloseable {
  final InetSocketAddress address;
  private final String nsd;
  private final Path dir;
  private Process process;

  /**
   * A TSIG key both sides share, as nsd.conf writes it.
   *
   * @param secret base64
   */
  record Key(String name, String algorithm, String secret) {}

  private NsdSecondary(String nsd, InetSocketAddress address, Path dir) {
    this.nsd = nsd;
    this.address = address;
    this.dir = dir;
  }

  /**
   * Finds NSD (skips or, in CI, fails the test without it) and probes a free port for it, so the
   * primary's {@code also_notify} can name it before NSD runs.
   */
  static NsdSecondary prepare(Path dir) throws IOException {
    String nsd = Peers.require("nsd", "nsd");
    Files.createDirectories(dir);
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    return new NsdSecondary(
        nsd, new InetSocketAddress(loopback, NsdProcess.freePort(loopback)), dir);
  }

  /** Starts NSD as secondary for {@code zone} pulling from {@code primary}; no key: null. */
  void start(String zone, InetSocketAddress primary, Key key) throws IOException {
    String keyName = key == null ? "NOKEY" : key.name();
    StringBuilder conf = NsdProcess.serverConfig(dir, "127.0.0.1", address.getPort());
    if (key != null) {
      conf.append("key:\n")
          .append("  name: \"").append(key.name()).append("\"\n")
          .append("  algorithm: ").append(key.algorithm()).append('\n')
          .append("  secret: \"").append(key.secret()).append("\"\n");
    }
    conf.append("zone:\n")
        .append("  name: \"").append(zone).append("\"\n")
        .append("  request-xfr: ").append(primary.getAddress().getHostAddress()).append('@')
        .append(primary.getPort()).append(' ').append(keyName).append('\n')
        .append("  allow-notify: ").append(primary.getAddress().getHostAddress()).append(' ')
        .append(keyName).append('\n')
        // Only our NOTIFY may make NSD look for a new serial during a test.
        .append("  min-refresh-time: 86400\n")
        .append("  min-retry-time: 86400\n");
    process = NsdProcess.launch(nsd, dir, conf);
  }

  /** NSD's log and console output, for failure messages. */
  String log() {
    StringBuilder out = new StringBuilder();
    for (String file : List.of("nsd.log", "nsd.out")) {
      Path path = dir.resolve(file);
      try {
        if (Files.exists(path)) {
          out.append("--- ").append(file).append('\n').append(Files.readString(path));
        }
      } catch (IOException e) {
        out.append("--- ").append(file).append(": ").append(e).append('\n');
      }
    }
    return out.toString();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process == null) {
      return;
    }
    NsdProcess.stop(process);
  }
}
