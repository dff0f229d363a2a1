package org.webplatform.appliance.dns.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.config.DnsPool;
import org.webplatform.appliance.config.DnsPoolMonitor;

class AdminStateFileTest {
  private static final Path FILE = Path.of("/state/admin_state");

  private static Map<String, Pool> pools() throws Exception {
    DnsPoolMonitor none =
        new DnsPoolMonitor(
            DnsPoolMonitor.Type.NONE, 0, "/", Optional.empty(), List.of(200), false,
            Duration.ofSeconds(10), Duration.ofSeconds(5), 5, 3);
    DnsPool masterdb =
        new DnsPool(
            "masterdb",
            DnsPool.Mode.FAILOVER,
            Duration.ofSeconds(30),
            List.of(
                new DnsPool.Member(InetAddress.getByName("10.0.0.11"), 1),
                new DnsPool.Member(InetAddress.getByName("fd00::12"), 1)),
            1,
            none);
    Map<String, Pool> pools = new LinkedHashMap<>();
    pools.put("masterdb", new Pool(masterdb));
    return pools;
  }

  private static MemberKey key(String address) throws Exception {
    return new MemberKey("masterdb", InetAddress.getByName(address));
  }

  @Test
  void linesForceStatesAndLaterLinesWin() throws Exception {
    AdminStateFile.Parsed parsed =
        AdminStateFile.parse(
            FILE,
            "# maintenance\n"
                + "masterdb/10.0.0.11 => DOWN\n"
                + "  masterdb/fd00:0::12=>up   # IPv6 in any spelling\n"
                + "masterdb/10.0.0.11 => up\n",
            pools());

    assertEquals(List.of(), parsed.errors());
    assertEquals(
        Map.of(key("10.0.0.11"), AdminOverride.UP, key("fd00::12"), AdminOverride.UP),
        parsed.overrides());
  }

  @Test
  void errorsNameFileAndLine() throws Exception {
    AdminStateFile.Parsed parsed =
        AdminStateFile.parse(
            FILE,
            "masterdb/10.0.0.11 => DOWN\n"
                + "nosuch/10.0.0.11 => DOWN\n"
                + "masterdb/10.0.0.99 => DOWN\n"
                + "masterdb/10.0.0.11 => MAYBE\n"
                + "masterdb 10.0.0.11 DOWN\n"
                + "masterdb/db1 => DOWN\n",
            pools());

    assertEquals(
        List.of(
            "/state/admin_state:2: no pool 'nosuch' in dns.pools",
            "/state/admin_state:3: 10.0.0.99 is not an address of pool masterdb",
            "/state/admin_state:4: state 'MAYBE' is not UP or DOWN",
            "/state/admin_state:5: expected POOL/ADDRESS => UP|DOWN, got 'masterdb 10.0.0.11"
                + " DOWN'",
            "/state/admin_state:6: 'db1' is not an IP address"),
        parsed.errors());
  }

  @Test
  void editReplacesTheMembersLinesAndKeepsEverythingElse() throws Exception {
    String text = "# ours\nmasterdb/10.0.0.11 => UP\nmasterdb/fd00::12 => DOWN # db2 is broken\n";

    assertEquals(
        "# ours\nmasterdb/fd00::12 => DOWN # db2 is broken\nmasterdb/10.0.0.11 => DOWN\n",
        AdminStateFile.edit(text, key("10.0.0.11"), AdminOverride.DOWN, pools()));
    assertEquals(
        "# ours\nmasterdb/10.0.0.11 => UP\n",
        AdminStateFile.edit(text, key("fd00::12"), AdminOverride.NONE, pools()));
    assertEquals(
        AdminStateFile.HEADER + "masterdb/fd00::12 => UP\n",
        AdminStateFile.edit("", key("fd00::12"), AdminOverride.UP, pools()));
  }
}
