package org.webplatform.appliance.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.ApplianceConfig;
import org.webplatform.appliance.config.ConfigLoader;
import org.webplatform.appliance.config.MailConfig;

/**
 * /etc/appliance/appliance.yaml as shipped: safe defaults (no open relay, admin on loopback), and
 * every option it shows commented out is a real option with a valid value.
 */
class ShippedConfigTest {
  private static final Path SHIPPED = Path.of("src/deb/etc/appliance.yaml");
  /** "  #key: value" (an option) but not "  # text" (a comment). */
  private static final Pattern OPTION = Pattern.compile("^(\\s*)#(\\S|\\s\\s+\\S)(.*)$");

  @TempDir Path dir;

  @Test
  void servesEveryRoleButRelaysForLoopbackOnly() throws Exception {
    Path zones = Files.createDirectory(dir.resolve("zones"));
    String text =
        Files.readString(SHIPPED)
            .replace("zones: /etc/appliance/zones", "zones: " + zones)
            .replace("path: /var/lib/appliance/rsync", "path: " + dir);
    ApplianceConfig config = ConfigLoader.parse("appliance.yaml", text, dir);

    assertEquals(List.of("dns", "rsync-server", "smtp-relay", "graphs"),
        config.modules().stream().map(m -> m.key()).toList());
    assertEquals("production", config.level());
    assertTrue(config.admin().listen().getAddress().isLoopbackAddress(), "admin on loopback");
    MailConfig mail = config.mail().orElseThrow();
    assertEquals(List.of("127.0.0.0/8", "0:0:0:0:0:0:0:1/128"),
        mail.relayNetworks().stream().map(Object::toString).toList());
    assertTrue(mail.relayDomains().isEmpty());
    InetAddress outsider = InetAddress.getByName("192.0.2.1");
    assertFalse(mail.relayNetworks().stream().anyMatch(c -> c.contains(outsider)), "open relay");
    assertTrue(config.rsync().orElseThrow().modules().get("files").hostsAllow().stream()
        .allMatch(c -> c.network().isLoopbackAddress()), "rsync module on loopback only");
  }

  @Test
  void everyCommentedOptionIsARealOptionWithAValidValue() throws Exception {
    StringBuilder uncommented = new StringBuilder();
    int options = 0;
    for (String line : Files.readAllLines(SHIPPED)) {
      Matcher m = OPTION.matcher(line);
      if (m.matches()) {
        line = m.group(1) + m.group(2) + m.group(3);
        options++;
      }
      // Files named by options are checked only for enabled modules: enable one that has none.
      if (line.startsWith("modules:")) {
        line = "modules: [graphs]";
      }
      uncommented.append(line).append('\n');
    }
    assertTrue(options > 50, "options found: " + options);
    // Throws, with file:line, on an unknown key or a bad value anywhere in the file.
    ApplianceConfig config = ConfigLoader.parse("uncommented.yaml", uncommented.toString(), dir);
    assertEquals(Path.of("/var/lib/appliance/graphs"), config.graphs().orElseThrow().rrdDir());
  }
}
