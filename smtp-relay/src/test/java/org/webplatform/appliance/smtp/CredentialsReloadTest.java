package org.webplatform.appliance.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.role.Health;
import org.webplatform.appliance.smtp.inbound.UsersFile;
import org.webplatform.appliance.smtp.testing.LogCapture;
import org.webplatform.appliance.smtp.testing.RelayFixture;
import org.webplatform.appliance.testing.Peers;
import org.webplatform.appliance.testing.Processes;

/**
 * SIGHUP ({@code Role.reload()}) re-reads the STARTTLS certificate and the users file: a renewed
 * certificate is presented at the next STARTTLS (swaks fetches it), users change at the next
 * AUTH; a broken file keeps the previous one in use, with an error line and a DEGRADED health.
 */
class CredentialsReloadTest {
  @TempDir Path dir;

  /** A self-signed P-256 certificate and its PKCS#8 key, made by openssl. */
  private Path[] certificate(String name) throws IOException {
    String openssl = Peers.require("openssl", "openssl");
    Path cert = dir.resolve(name + ".crt");
    Path key = dir.resolve(name + ".key");
    Processes.Result r = Processes.run(60, openssl, "req", "-x509", "-newkey", "ec",
        "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
        "-subj", "/CN=" + name + ".anchor.test", "-keyout", key.toString(),
        "-out", cert.toString());
    assertEquals(0, r.exit(), r.output());
    return new Path[] {cert, key};
  }

  private void install(Path[] pair) throws IOException {
    Files.copy(pair[0], dir.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(pair[1], dir.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
  }

  private void users(String... names) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (String name : names) {
      lines.append(name).append(':').append(UsersFile.hash("pw-" + name, 1000)).append('\n');
    }
    Files.writeString(dir.resolve("users"), lines);
  }

  /** AUTH over STARTTLS from outside relay_networks; returns swaks' output and the peer cert. */
  private String[] authenticate(RelayFixture relay, String user) throws IOException {
    Path peer = dir.resolve("peer.pem");
    Files.deleteIfExists(peer);
    Processes.Result r = Processes.swaks(relay.port(), "--local-interface", "127.0.0.3",
        "-tls", "--tls-get-peer-cert", peer.toString(), "--auth", "LOGIN",
        "--auth-user", user, "--auth-password", "pw-" + user,
        "--from", user + "@outside.test", "--to", "x@remote.test", "--quit-after", "AUTH");
    return new String[] {r.output(), Files.exists(peer) ? Files.readString(peer).strip() : ""};
  }

  private String pem(Path cert) throws IOException {
    return Files.readString(cert).strip();
  }

  @Test
  void reloadSwapsInARenewedCertificateAndNewUsersAndKeepsThemWhenAFileIsBroken()
      throws Exception {
    Path[] first = certificate("first");
    Path[] renewed = certificate("renewed");
    install(first);
    users("alice");
    try (LogCapture logs = new LogCapture();
        RelayFixture relay = new RelayFixture(dir, Clock.systemUTC(),
            "relay_networks: [\"127.0.0.1/32\"]\n"
                + "tls_cert: tls.crt\ntls_key: tls.key\nusers_file: users\n")) {
      String[] before = authenticate(relay, "alice");
      assertTrue(before[0].contains("235 2.7.0"), before[0]);
      assertEquals(pem(first[0]), before[1]);

      install(renewed);
      users("bob");
      relay.role.reload();
      String[] after = authenticate(relay, "bob");
      assertTrue(after[0].contains("235 2.7.0"), after[0]);
      assertEquals(pem(renewed[0]), after[1]);
      assertTrue(authenticate(relay, "alice")[0].contains("535 5.7.8"), "alice was removed");
      assertEquals(Health.Status.HEALTHY, relay.role.health().status());
      assertEquals(1, logs.messagesContaining("reloaded tls certificate tls_cert=").size());
      assertTrue(logs.messagesContaining("subject=\"CN=renewed.anchor.test\"").size() == 1);

      // A certificate without its key (the renewal copied half-way), and a broken users file.
      Files.copy(first[0], dir.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(dir.resolve("users"), "carol:plain-text-password\n");
      relay.role.reload();
      String[] kept = authenticate(relay, "bob");
      assertTrue(kept[0].contains("235 2.7.0"), kept[0]);
      assertEquals(pem(renewed[0]), kept[1], "the previous certificate stays");
      Health degraded = relay.role.health();
      assertEquals(Health.Status.DEGRADED, degraded.status(), degraded.toString());
      assertTrue(degraded.detail().contains("does not belong to the certificate"),
          degraded.detail());
      assertFalse(logs.messagesContaining("reload failed tls_cert=").isEmpty());
      assertFalse(logs.messagesContaining("reload failed users_file=").isEmpty());

      install(renewed);
      users("bob");
      relay.role.reload();
      assertEquals(Health.Status.HEALTHY, relay.role.health().status());
    }
  }
}
