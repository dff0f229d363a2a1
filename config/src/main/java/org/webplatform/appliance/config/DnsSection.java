package org.webplatform.appliance.config;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Reads the {@code dns:} section. Directories are checked only when the module is enabled. */
final class DnsSection {
  static final Path DEFAULT_ZONES = Path.of("/etc/appliance/zones");

  private DnsSection() {}

  static DnsConfig read(YamlMapping m, Path baseDir, boolean enabled) {
    List<InetSocketAddress> listen = m.listen(53);
    Path zones =
        m.scalar("zones", DEFAULT_ZONES, text -> baseDir.resolve(text).normalize(), "a path");
    if (enabled && !Files.isDirectory(zones)) {
      m.problem("zones", "directory " + zones + " does not exist");
    }
    // RFC 6891 §6.2.5: below 512 counts as 512; 1232 avoids IP fragmentation (DNS flag day 2020).
    int maxUdpPayload = m.integer("max_udp_payload", 1232, 512, 4096);
    int udpThreads = m.integer("udp_threads", 1, 1, 64);
    Duration idle =
        m.scalar("tcp_idle_timeout", Duration.ofSeconds(10), ValueSyntax::duration, "a duration");
    if (idle.compareTo(Duration.ofSeconds(1)) < 0 || idle.compareTo(Duration.ofHours(1)) > 0) {
      m.problem("tcp_idle_timeout", "must be between 1s and 1h");
    }
    int tcpMax = m.integer("tcp_max_connections", 1024, 1, 1_000_000);
    boolean watch = m.bool("watch_zones", true);
    DnsForwarding forwarding = DnsForwardingSection.read(m, listen);
    DnsRrlConfig rrl = DnsRrlSection.read(m.mapping("rrl"));
    DnsPools pools = DnsPoolsSection.read(m, baseDir, enabled);
    DnsTransferConfig transfer = DnsTransferSection.read(m, baseDir, enabled);
    m.finish();
    return new DnsConfig(listen, zones, maxUdpPayload, udpThreads, idle, tcpMax, watch, forwarding,
        rrl, pools, transfer);
  }
}
