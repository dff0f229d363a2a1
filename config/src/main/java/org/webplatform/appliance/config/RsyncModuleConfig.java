package org.webplatform.appliance.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One module of the rsync daemon ({@code rsync.modules.NAME}), with rsyncd.conf(5)'s meaning for
 * every field.
 *
 * @param name the module name clients use in {@code rsync://host/NAME/}
 * @param path the directory served; nothing outside it is ever read or named
 * @param comment shown next to the name in module listings
 * @param readOnly always true in this version (pushes are refused)
 * @param list whether the module appears in {@code rsync rsync://host/}
 * @param hostsAllow clients allowed (empty: all); checked after {@code hostsDeny}
 * @param hostsDeny clients refused; wins over {@code hostsAllow}
 * @param authUsers users who may use the module (empty: no authentication)
 * @param secretsFile {@code user:password} lines; required with authUsers; not world-readable
 * @param maxConnections sessions at most on this module (0 = unlimited)
 * @param timeout I/O timeout for this module's sessions (0 = the daemon's)
 * @param exclude daemon exclude patterns (rsync filter syntax), applied before the client's
 * @param filter daemon filter rules ({@code - pattern}, {@code + pattern}...), before the client's
 * @param refuseOptions client options refused for this module (long names or short letters)
 * @param dontCompress file patterns sent without compression under {@code -z}
 */
public record RsyncModuleConfig(
    String name,
    Path path,
    String comment,
    boolean readOnly,
    boolean list,
    List<Cidr> hostsAllow,
    List<Cidr> hostsDeny,
    List<String> authUsers,
    Optional<Path> secretsFile,
    int maxConnections,
    Duration timeout,
    List<String> exclude,
    List<String> filter,
    List<String> refuseOptions,
    List<String> dontCompress) {

  public RsyncModuleConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(comment, "comment");
    hostsAllow = List.copyOf(hostsAllow);
    hostsDeny = List.copyOf(hostsDeny);
    authUsers = List.copyOf(authUsers);
    Objects.requireNonNull(secretsFile, "secretsFile");
    Objects.requireNonNull(timeout, "timeout");
    exclude = List.copyOf(exclude);
    filter = List.copyOf(filter);
    refuseOptions = List.copyOf(refuseOptions);
    dontCompress = List.copyOf(dontCompress);
  }
}
