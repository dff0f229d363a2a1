package org.webplatform.appliance.dns.pool;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.webplatform.appliance.config.DnsPoolMonitor;
import org.webplatform.appliance.config.HostPort;
import org.webplatform.appliance.role.Json;

/**
 * A pool's state for {@code appliance dns pool list} and the admin listener: JSON (one object per
 * pool) or a table. Immutable.
 *
 * @param answer the addresses the pool's names answer with now
 * @param allDown some family has no member up and answers with all its members
 */
public record PoolStatus(
    String name,
    String mode,
    long ttl,
    String monitor,
    boolean allDown,
    List<String> answer,
    List<Member> members) {

  /**
   * One member.
   *
   * @param up the effective state, which answers use
   * @param monitorUp the monitor's verdict (always up without a monitor)
   * @param override {@code none}, {@code up} or {@code down}
   * @param lastCheckMillis wall-clock time of the latest check, 0 before any
   */
  public record Member(
      String address,
      boolean up,
      boolean monitorUp,
      String override,
      String reason,
      long lastCheckMillis,
      boolean answered) {}

  static PoolStatus of(Pool pool) {
    List<String> answer =
        pool.answer().addresses().stream().map(HostPort::address).toList();
    List<Member> members = new ArrayList<>();
    for (PoolMember member : pool.members()) {
      members.add(
          new Member(
              member.label(),
              member.up(),
              member.monitorUp(),
              member.override().name().toLowerCase(Locale.ROOT),
              member.lastReason(),
              member.lastCheckMillis(),
              answer.contains(member.label())));
    }
    DnsPoolMonitor monitor = pool.config().monitor();
    String check =
        monitor.type() == DnsPoolMonitor.Type.NONE
            ? "none"
            : monitor.type().key() + ":" + monitor.port();
    return new PoolStatus(
        pool.name(),
        pool.config().mode().key(),
        pool.answer().ttl(),
        check,
        pool.allDown(),
        answer,
        members);
  }

  /** One JSON object. */
  public String json() {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"pool\":").append(Json.string(name));
    out.append(",\"mode\":").append(Json.string(mode));
    out.append(",\"ttl\":").append(ttl);
    out.append(",\"monitor\":").append(Json.string(monitor));
    out.append(",\"all_down\":").append(allDown);
    out.append(",\"answer\":[");
    for (int i = 0; i < answer.size(); i++) {
      out.append(i == 0 ? "" : ",").append(Json.string(answer.get(i)));
    }
    out.append("],\"members\":[");
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      out.append(i == 0 ? "" : ",");
      out.append("{\"address\":").append(Json.string(m.address()));
      out.append(",\"state\":").append(Json.string(Pools.state(m.up())));
      out.append(",\"monitor\":").append(Json.string(Pools.state(m.monitorUp())));
      out.append(",\"override\":").append(Json.string(m.override()));
      out.append(",\"answered\":").append(m.answered());
      out.append(",\"reason\":").append(Json.string(m.reason()));
      out.append(",\"last_check\":")
          .append(
              m.lastCheckMillis() == 0
                  ? "null"
                  : Json.string(Instant.ofEpochMilli(m.lastCheckMillis()).toString()));
      out.append('}');
    }
    return out.append("]}").toString();
  }

  /** Every pool as one JSON document: {@code {"pools":[...]}}. */
  public static String json(List<PoolStatus> pools) {
    StringBuilder out = new StringBuilder("{\"pools\":[");
    for (int i = 0; i < pools.size(); i++) {
      out.append(i == 0 ? "" : ",").append(pools.get(i).json());
    }
    return out.append("]}\n").toString();
  }

  /** Every member of every pool as an aligned text table, for people. */
  public static String table(List<PoolStatus> pools) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"POOL", "MODE", "ADDRESS", "STATE", "MONITOR", "OVERRIDE", "ANSWERED",
          "LAST RESULT"});
    for (PoolStatus pool : pools) {
      for (Member m : pool.members()) {
        rows.add(
            new String[] {
              pool.name(),
              pool.mode(),
              m.address(),
              Pools.state(m.up()),
              pool.monitor().equals("none") ? "-" : Pools.state(m.monitorUp()),
              m.override().equals("none") ? "-" : m.override(),
              // A down member is answered only when its whole family is down.
              m.answered() ? (m.up() ? "yes" : "yes (all down)") : "no",
              pool.monitor().equals("none") ? "-" : m.reason()
            });
      }
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s",
            row[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
