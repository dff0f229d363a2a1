package org.webplatform.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RsyncSectionTest {
  @TempDir Path dir;

  private List<String> problems(String yaml) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("a.yaml", yaml, dir));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void modulesAreBoundInConfigOrderWithRsyncdDefaults() throws Exception {
    Files.createDirectories(dir.resolve("srv/backups"));
    Files.createDirectories(dir.resolve("srv/pub"));
    Path secrets = dir.resolve("rsync.secrets");
    Files.writeString(secrets, "backup:s3cret\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
    RsyncConfig rsync =
        ConfigLoader.parse(
                "a.yaml",
                """
                modules: [rsync-server]
                rsync:
                  listen: ["127.0.0.1:10873"]
                  max_connections: 20
                  timeout: 10m
                  modules:
                    pub: { path: srv/pub, comment: "public files" }
                    backups:
                      path: srv/backups
                      list: false
                      hosts_allow: ["10.0.0.0/8"]
                      hosts_deny: ["10.9.0.0/16"]
                      auth_users: [backup]
                      secrets_file: rsync.secrets
                      max_connections: 2
                      exclude: ["*.tmp"]
                      refuse_options: [delete]
                      dont_compress: ["*.gz"]
                """,
                dir)
            .rsync()
            .orElseThrow();
    assertEquals(List.of(new InetSocketAddress("127.0.0.1", 10873)), rsync.listen());
    assertEquals(20, rsync.maxConnections());
    assertEquals(Duration.ofMinutes(10), rsync.timeout());
    assertEquals(List.of("pub", "backups"), List.copyOf(rsync.modules().keySet()));
    RsyncModuleConfig pub = rsync.modules().get("pub");
    assertEquals("public files", pub.comment());
    assertEquals(true, pub.readOnly());
    assertEquals(true, pub.list());
    assertEquals(List.of(), pub.authUsers());
    RsyncModuleConfig backups = rsync.modules().get("backups");
    assertEquals(dir.resolve("srv/backups"), backups.path());
    assertEquals(false, backups.list());
    assertEquals("10.0.0.0/8", backups.hostsAllow().get(0).toString());
    assertEquals("10.9.0.0/16", backups.hostsDeny().get(0).toString());
    assertEquals(Optional.of(secrets), backups.secretsFile());
    assertEquals(List.of("*.tmp"), backups.exclude());
  }

  @Test
  void unsafeOrIncompleteModulesAreRefusedWithLines() throws Exception {
    Files.createDirectories(dir.resolve("pub"));
    Path secrets = dir.resolve("open.secrets");
    Files.writeString(secrets, "u:p\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(
        List.of(
            "a.yaml:7: rsync.modules.pub.read_only: only true is supported: this daemon serves"
                + " pulls, not pushes",
            "a.yaml:6: rsync.modules.pub.hosts_allow: '10.0.0.1/8': host bits set in 10.0.0.1/8",
            "a.yaml:7: rsync.modules.pub.auth_users: needs secrets_file: the user:password lines"
                + " to check against",
            "a.yaml:9: rsync.modules.open.secrets_file: file " + secrets
                + " must not be accessible by others (chmod 600)",
            "a.yaml:10: rsync.modules.bad/name: module name 'bad/name' must be letters, digits,"
                + " '.', '_' or '-'",
            "a.yaml:11: rsync.modules.nopath.path: required: the directory this module serves"),
        problems(
            """
            modules: [rsync-server]
            rsync:
              modules:
                pub:
                  { path: pub,
                    hosts_allow: ["10.0.0.1/8"],
                    auth_users: [u], read_only: false }
                open:
                  { path: pub, auth_users: [u], secrets_file: open.secrets }
                bad/name: { path: pub }
                nopath: { comment: x }
            """));
  }

  @Test
  void anEmptyListenListIsRefused() throws Exception {
    Files.createDirectories(dir.resolve("pub"));
    assertEquals(
        List.of("a.yaml:3: rsync.listen: at least one address is required"),
        problems("modules: [rsync-server]\nrsync:\n  listen: []\n  modules: { pub: { path: pub } }\n"));
  }
}
