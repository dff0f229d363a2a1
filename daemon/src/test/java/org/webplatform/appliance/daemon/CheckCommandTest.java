package org.webplatform.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int check(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path config(String dnsExtra) throws IOException {
    Path zones = Files.createDirectories(dir.resolve("zones"));
    Files.writeString(
        zones.resolve("example.test"),
        """
        $TTL 300
        @ IN SOA ns1 hostmaster 1 3600 900 86400 60
          IN NS ns1
        ns1 IN A 192.0.2.1
        www IN A 192.0.2.80
        """);
    Path file = dir.resolve("appliance.yaml");
    Files.writeString(
        file, "modules: [dns]\ndns:\n  listen: [\"127.0.0.1:0\"]\n  zones: zones\n" + dnsExtra);
    return file;
  }

  @Test
  void validConfigAndZonesPass() throws IOException {
    assertEquals(0, check("check", "--config", config("").toString()), err.toString());
    assertTrue(out.toString().startsWith("check ok: "), out.toString());
  }

  @Test
  void unknownKeyFailsNamingFileAndLine() throws IOException {
    Path file = config("  listne: []\n");
    assertEquals(1, check("check", "--config", file.toString()));
    assertTrue(
        err.toString().contains(file + ":5: dns.listne: unknown key"), err.toString());
  }

  @Test
  void zoneSyntaxErrorFailsNamingFileAndLine() throws IOException {
    Path file = config("");
    Files.writeString(
        dir.resolve("zones/example.test"),
        "$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 900 86400 60\n  IN NS ns1\nns1 IN A 192.0.2.300\n");
    assertEquals(1, check("check", "--config", file.toString()));
    assertTrue(
        err.toString().contains(dir.resolve("zones/example.test") + ":4:"), err.toString());
  }

  /**
   * A DKIM key file that exists with the right mode but holds no usable key: the relay would run
   * and defer the mail it should sign, so check reports it and fails.
   */
  @Test
  void unusableDkimKeyFileFailsNamingTheKey() throws IOException {
    Path key = dir.resolve("s1.pem");
    Files.writeString(key, "not a key\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Path file = dir.resolve("appliance.yaml");
    Files.writeString(file, """
        modules: [smtp-relay]
        mail:
          listen: ["127.0.0.1:0"]
          spool: spool
          dkim:
            keys:
              s1: { domain: example.test, key_file: s1.pem }
        """);
    assertEquals(1, check("check", "--config", file.toString()), out.toString());
    assertTrue(err.toString().contains(file + ": mail.dkim.keys.s1: key unusable: key file " + key
        + " holds no PKCS#8 '-----BEGIN PRIVATE KEY-----' block"), err.toString());
    assertTrue(err.toString().contains("check failed: 1 problem(s)"), err.toString());
  }

  @Test
  void dynaRecordsAndTheOverrideFileAreChecked() throws IOException {
    Path file =
        config(
            "  admin_state: admin_state\n"
                + "  pools:\n"
                + "    masterdb: { mode: failover, addresses: [192.0.2.11, 192.0.2.12],"
                + " monitor: { type: none } }\n");
    Files.writeString(
        dir.resolve("zones/example.test"),
        "www DYNA masterdb\ndb DYNA nosuch\n",
        java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(dir.resolve("admin_state"), "masterdb/192.0.2.13 => DOWN\n");

    assertEquals(1, check("check", "--config", file.toString()));
    assertTrue(
        err.toString().contains(dir.resolve("zones/example.test") + ":6: DYNA not allowed"
            + " alongside A records at www.example.test."),
        err.toString());
    assertTrue(
        err.toString().contains(dir.resolve("zones/example.test") + ":7: DYNA pool 'nosuch' is"
            + " not defined in dns.pools (defined: masterdb)"),
        err.toString());
    assertTrue(
        err.toString().contains(
            dir.resolve("admin_state") + ":1: 192.0.2.13 is not an address of pool masterdb"),
        err.toString());
  }

  @Test
  void embeddedDefaultConfigPasses() {
    assertEquals(0, check("check"), err.toString());
  }

  @Test
  void versionNamesTheProduct() {
    assertEquals(0, check("version"));
    assertTrue(out.toString().startsWith("appliance "), out.toString());
  }
}
