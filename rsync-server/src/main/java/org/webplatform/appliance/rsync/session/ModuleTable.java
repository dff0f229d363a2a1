package org.webplatform.appliance.rsync.session;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.webplatform.appliance.config.RsyncConfig;
import org.webplatform.appliance.config.RsyncModuleConfig;
import org.webplatform.appliance.rsync.filter.FilterList;
import org.webplatform.appliance.rsync.module.ServedModule;

/** The configured modules by name, in config order (the listing order). Fixed for the run. */
public final class ModuleTable {
  private final Map<String, ServedModule> modules = new LinkedHashMap<>();

  public ModuleTable(RsyncConfig config) throws FilterList.UnsupportedRuleException {
    for (RsyncModuleConfig m : config.modules().values()) {
      modules.put(m.name(), new ServedModule(m));
    }
  }

  public ServedModule get(String name) {
    return modules.get(name);
  }

  public Collection<ServedModule> all() {
    return modules.values();
  }
}
