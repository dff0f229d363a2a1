package org.webplatform.appliance.dns.pool;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Prometheus series of the pools, read at scrape time from the members' state and counters:
 *
 * <pre>
 * appliance_dns_pool_member_up{pool,address}                 1 when answers may use the member
 * appliance_dns_pool_member_monitor_up{pool,address}         the monitor's verdict alone
 * appliance_dns_pool_member_override{pool,address}           0 none, 1 forced up, -1 forced down
 * appliance_dns_pool_member_transitions_total{pool,address,to}  changes of the effective state
 * appliance_dns_pool_checks_total{pool,address,result}       checks run, result ok or failed
 * appliance_dns_pool_all_down{pool}                          1 while a family answers with all
 * </pre>
 */
public final class PoolMetrics {
  private PoolMetrics() {}

  /** Registers the series; nothing is registered without pools. */
  public static void register(PrometheusRegistry registry, Pools pools) {
    if (pools.isEmpty()) {
      return;
    }
    memberGauge(registry, pools, "appliance_dns_pool_member_up",
        "1 when DNS answers may use the pool member (override, else monitor), else 0",
        m -> m.up() ? 1 : 0);
    memberGauge(registry, pools, "appliance_dns_pool_member_monitor_up",
        "The health monitor's verdict on the pool member, ignoring overrides",
        m -> m.monitorUp() ? 1 : 0);
    memberGauge(registry, pools, "appliance_dns_pool_member_override",
        "Admin override of the pool member: 0 none, 1 forced up, -1 forced down",
        m -> m.override().metricValue());
    memberCounter(registry, pools, "appliance_dns_pool_member_transitions_total",
        "Changes of a pool member's effective state", "to",
        "up", m -> m.transitions(true), "down", m -> m.transitions(false));
    memberCounter(registry, pools, "appliance_dns_pool_checks_total",
        "Health checks of pool members, by result", "result",
        "ok", m -> m.checks(true), "failed", m -> m.checks(false));
    GaugeWithCallback.builder()
        .name("appliance_dns_pool_all_down")
        .help("1 while no member of a family of the pool is up and every address is answered")
        .labelNames("pool")
        .callback(
            callback -> {
              for (Pool pool : pools.pools()) {
                callback.call(pool.allDown() ? 1 : 0, pool.name());
              }
            })
        .register(registry);
  }

  private interface MemberValue {
    double of(PoolMember member);
  }

  /** A counter per member with one more label taking two values. */
  private static void memberCounter(
      PrometheusRegistry registry,
      Pools pools,
      String name,
      String help,
      String label,
      String first,
      MemberValue firstValue,
      String second,
      MemberValue secondValue) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("pool", "address", label)
        .callback(
            callback -> {
              for (Pool pool : pools.pools()) {
                for (PoolMember m : pool.members()) {
                  callback.call(firstValue.of(m), pool.name(), m.label(), first);
                  callback.call(secondValue.of(m), pool.name(), m.label(), second);
                }
              }
            })
        .register(registry);
  }

  private static void memberGauge(
      PrometheusRegistry registry, Pools pools, String name, String help, MemberValue value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("pool", "address")
        .callback(
            callback -> {
              for (Pool pool : pools.pools()) {
                for (PoolMember m : pool.members()) {
                  callback.call(value.of(m), pool.name(), m.label());
                }
              }
            })
        .register(registry);
  }
}
