package org.webplatform.appliance.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.role.Health;

class ServiceStatusTest {
  @Test
  void namesServingRolesAndDetailsTroubleOnly() {
    Map<String, Health> roles = new LinkedHashMap<>();
    roles.put("dns", Health.degraded("1 zone file error"));
    roles.put("smtp-relay", Health.healthy("queue 0"));
    assertEquals(
        "serving dns (DEGRADED: 1 zone file error), smtp-relay; admin 127.0.0.1:8025",
        ServiceStatus.of(roles, "127.0.0.1:8025"));
  }
}
