package org.webplatform.appliance.dns;

/**
 * One section of the stats document ({@code appliance dns stats}, {@code GET /dns/stats}): a
 * named JSON object of counters, read when the document is rendered. Called on an admin thread;
 * it must only read counters (cheap, non-blocking).
 */
@FunctionalInterface
public interface StatsSection {

  /** Puts this section's counters, in the order they should appear. */
  void write(Counters counters);

  /** The counters of one section; names are JSON keys in snake_case, as gdnsd's. */
  interface Counters {
    Counters put(String name, long value);

    Counters put(String name, boolean value);
  }
}
