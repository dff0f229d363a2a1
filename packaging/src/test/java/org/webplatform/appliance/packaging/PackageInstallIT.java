package org.webplatform.appliance.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.webplatform.appliance.testing.Peers;

/**
 * {@code dpkg -i appliance_*.deb} on this machine, then what an admin relies on: files in place,
 * the service user and its private directories, the shipped config passing {@code appliance
 * check}, lintian and systemd accepting what we ship, and data surviving a remove.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageInstallIT {
  private static final Duration TOOL = Duration.ofMinutes(2);

  @BeforeAll
  static void install() throws Exception {
    DebianPackage.requireInstallable();
    DebianPackage.install();
  }

  @AfterAll
  static void purge() throws Exception {
    DebianPackage.purge();
  }

  @Test
  @Order(1)
  void placesProgramUnitConfigAndDocs() throws Exception {
    assertFile("/usr/bin/appliance", "root", "root", "rwxr-xr-x");
    assertFile("/usr/share/appliance/appliance.jar", "root", "root", "rw-r--r--");
    assertFile("/lib/systemd/system/appliance.service", "root", "root", "rw-r--r--");
    assertFile("/etc/appliance/appliance.yaml", "root", "root", "rw-r--r--");
    assertFile("/etc/default/appliance", "root", "root", "rw-r--r--");
    assertFile("/usr/share/man/man1/appliance.1.gz", "root", "root", "rw-r--r--");
    // Made by postinst for the installed Java from the packaged class list.
    assertFile("/usr/share/appliance/appliance.classlist", "root", "root", "rw-r--r--");
    assertFile("/var/cache/appliance/appliance.jsa", "root", "root", "rw-r--r--");
    for (String doc : List.of("copyright", "changelog.gz", "operations.md", "README.md",
        "examples/zones/example.org")) {
      assertTrue(Files.isRegularFile(Path.of("/usr/share/doc/appliance", doc)), doc);
    }
    try (var libs = Files.list(Path.of("/usr/share/appliance/lib"))) {
      assertTrue(
          libs.anyMatch(p -> p.getFileName().toString().startsWith("netty-transport-native-epoll")),
          "the epoll native library, for DNS and sd_notify");
    }
    String conffiles =
        Commands.run(TOOL, "dpkg-query", "-W", "-f=${Conffiles}", DebianPackage.NAME)
            .assertSuccess()
            .output();
    assertTrue(conffiles.contains("/etc/appliance/appliance.yaml"), conffiles);
    assertTrue(conffiles.contains("/etc/default/appliance"), conffiles);

    String version = Commands.run(TOOL, "/usr/bin/appliance", "version").assertSuccess().output();
    assertTrue(version.startsWith("appliance 0."), version);
    assertTrue(version.contains("\njava "), version);
  }

  @Test
  @Order(2)
  void createsTheServiceUserAndItsPrivateDirectories() throws Exception {
    String passwd =
        Commands.run(TOOL, "getent", "passwd", "appliance").assertSuccess().output().trim();
    String[] fields = passwd.split(":");
    assertTrue(Integer.parseInt(fields[2]) < 1000, "a system user: " + passwd);
    assertEquals("/var/lib/appliance", fields[5], passwd);
    assertEquals("/usr/sbin/nologin", fields[6], passwd);

    assertDirectory("/var/lib/appliance", "appliance", "appliance", "rwxr-x---");
    assertDirectory("/var/lib/appliance/graphs", "appliance", "appliance", "rwxr-x---");
    assertDirectory("/var/spool/appliance", "appliance", "appliance", "rwxr-x---");
    assertDirectory("/var/spool/appliance/mail", "appliance", "appliance", "rwx------");
    assertDirectory("/var/lib/appliance/rsync", "root", "root", "rwxr-xr-x");
    assertDirectory("/etc/appliance", "root", "appliance", "rwxr-x---");
    assertDirectory("/etc/appliance/dkim", "root", "appliance", "rwxr-x---");
    assertDirectory("/etc/appliance/zones", "root", "root", "rwxr-xr-x");
  }

  @Test
  @Order(3)
  void shippedConfigPassesCheckAsTheServiceUser() throws Exception {
    // No --config: the launcher points the daemon at /etc/appliance/appliance.yaml.
    String out =
        Commands.run(TOOL, "runuser", "-u", "appliance", "--", "/usr/bin/appliance", "check")
            .assertSuccess()
            .output();
    // Nothing else: no JVM warning (a class data sharing archive it cannot use is silent).
    assertEquals(
        "check ok: /etc/appliance/appliance.yaml modules=[dns, rsync-server, smtp-relay, graphs]",
        out.strip());
  }

  @Test
  @Order(4)
  void lintianFindsNoErrors() throws Exception {
    String lintian = Peers.require("lintian", "lintian");
    Commands.Result result =
        Commands.run(TOOL, lintian, "--fail-on", "error", DebianPackage.file().toString());
    assertEquals(0, result.exitCode(), result.output());
    assertFalse(result.output().lines().anyMatch(l -> l.startsWith("E:")), result.output());
  }

  @Test
  @Order(5)
  void systemdAcceptsTheUnit() throws Exception {
    String analyze = Peers.require("systemd-analyze", "systemd");
    Commands.Result result =
        Commands.run(TOOL, analyze, "verify", "/lib/systemd/system/appliance.service");
    assertEquals(0, result.exitCode(), result.output());
    // verify exits 0 on unknown keys and bad values too; only its silence about our unit counts.
    assertFalse(result.output().contains("appliance.service"), result.output());
  }

  @Test
  @Order(6)
  void aJavaUpdateRemakesTheClassDataSharingArchive() throws Exception {
    Path archive = Path.of("/var/cache/appliance/appliance.jsa");
    Files.setLastModifiedTime(archive, FileTime.fromMillis(0));
    // What dpkg does when a package changes files under /usr/lib/jvm (our file trigger).
    Commands.run(TOOL, "dpkg-trigger", "--no-await", "/usr/lib/jvm").assertSuccess();
    Commands.run(TOOL, "dpkg", "--triggers-only", "--pending").assertSuccess();
    assertTrue(Files.getLastModifiedTime(archive).toMillis() > 0, "archive made again");
  }

  @Test
  @Order(7)
  void reinstallingKeepsTheAdminsConfigAndData() throws Exception {
    Path config = Path.of("/etc/appliance/appliance.yaml");
    String edited = Files.readString(config).replace("#level: production", "level: staging");
    Files.writeString(config, edited);
    Path queued = Files.writeString(Path.of("/var/spool/appliance/mail/reinstall-test"), "x");

    DebianPackage.install();

    assertEquals(edited, Files.readString(config));
    assertTrue(Files.exists(queued));
    assertDirectory("/var/spool/appliance/mail", "appliance", "appliance", "rwx------");
  }

  @Test
  @Order(8)
  void removeKeepsDataAndConfigOnlyPurgeDeletesThem() throws Exception {
    Path queued = Files.writeString(Path.of("/var/spool/appliance/mail/remove-test"), "x");
    Path rrd = Files.writeString(Path.of("/var/lib/appliance/graphs/mail.rrd"), "x");

    DebianPackage.remove();
    assertFalse(Files.exists(Path.of("/usr/bin/appliance")));
    assertTrue(Files.exists(queued), "queued mail survives a remove");
    assertTrue(Files.exists(rrd), "graphs survive a remove");
    assertTrue(Files.exists(Path.of("/etc/appliance/appliance.yaml")), "config survives");
    Commands.run(TOOL, "getent", "passwd", "appliance").assertSuccess();

    DebianPackage.purge();
    for (String gone : List.of("/var/lib/appliance", "/var/spool/appliance", "/etc/appliance",
        "/etc/default/appliance", "/var/cache/appliance")) {
      assertFalse(Files.exists(Path.of(gone)), gone + " is gone after purge");
    }
  }

  private static void assertFile(String path, String owner, String group, String mode)
      throws Exception {
    assertTrue(Files.isRegularFile(Path.of(path)), path + " is a file");
    assertOwnership(path, owner, group, mode);
  }

  private static void assertDirectory(String path, String owner, String group, String mode)
      throws Exception {
    assertTrue(Files.isDirectory(Path.of(path)), path + " is a directory");
    assertOwnership(path, owner, group, mode);
  }

  private static void assertOwnership(String path, String owner, String group, String mode)
      throws Exception {
    PosixFileAttributes a = Files.readAttributes(Path.of(path), PosixFileAttributes.class);
    assertEquals(
        owner + ":" + group + " " + mode,
        a.owner().getName() + ":" + a.group().getName() + " "
            + PosixFilePermissions.toString(a.permissions()),
        path);
  }
}
