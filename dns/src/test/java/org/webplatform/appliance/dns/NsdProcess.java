package org.webplatform.appliance.dns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What every NSD the tests run shares: a {@code server:} section that keeps everything NSD
 * writes inside the test's directory and never drops privileges, the foreground launch, the
 * stop, and a port probed free for both UDP and TCP. {@link NsdPeer} (an upstream) and {@link
 * NsdSecondary} (a secondary of our zones) add their zones.
 */
final class NsdProcess {
  private static final long STOP_SECONDS = 10;

  private NsdProcess() {}

  /** The {@code server:} and {@code remote-control:} sections for NSD on {@code ip@port}. */
  static StringBuilder serverConfig(Path dir, String ip, int port) {
    StringBuilder conf = new StringBuilder();
    conf.append("server:\n")
        .append("  ip-address: ").append(ip).append('@').append(port).append('\n')
        .append("  do-ip6: no\n")
        .append("  server-count: 1\n")
        .append("  username: \"\"\n")
        .append("  chroot: \"\"\n")
        .append("  zonesdir: \"").append(dir).append("\"\n")
        .append("  database: \"\"\n")
        .append("  zonelistfile: \"").append(dir.resolve("zone.list")).append("\"\n")
        .append("  xfrdfile: \"").append(dir.resolve("xfrd.state")).append("\"\n")
        .append("  xfrdir: \"").append(dir).append("\"\n")
        .append("  pidfile: \"").append(dir.resolve("nsd.pid")).append("\"\n")
        .append("  logfile: \"").append(dir.resolve("nsd.log")).append("\"\n")
        .append("  verbosity: 2\n")
        .append("  rrl-ratelimit: 0\n")
        .append("  rrl-whitelist-ratelimit: 0\n")
        .append("remote-control:\n")
        .append("  control-enable: no\n");
    return conf;
  }

  /** Writes {@code dir}/nsd.conf and starts NSD in the foreground, output to nsd.out. */
  static Process launch(String nsd, Path dir, CharSequence conf) throws IOException {
    Path config = dir.resolve("nsd.conf");
    Files.writeString(config, conf, StandardCharsets.UTF_8);
    return new ProcessBuilder(nsd, "-d", "-c", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("nsd.out").toFile())
        .start();
  }

  /** SIGTERM, then SIGKILL if NSD has not exited within 10 s. */
  static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** A port on {@code host} that neither UDP nor TCP uses right now. */
  static int freePort(InetAddress host) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(host, 0));
          ServerSocket tcp = new ServerSocket()) {
        tcp.bind(new InetSocketAddress(host, udp.getLocalPort()));
        return udp.getLocalPort();
      } catch (IOException e) {
        if (attempt == 20) {
          throw e;
        }
      }
    }
  }
}
