package org.webplatform.appliance.dns.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webplatform.appliance.dns.forward.Records.name;
import static org.webplatform.appliance.dns.forward.Records.record;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.dns.answer.Resolution;
import org.webplatform.appliance.dns.zone.RrSet;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class AnswerCacheTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long T0 = 7 * SECOND; // nanoTime has an arbitrary origin

  private static Resolution answer(String address) {
    RrSet a =
        RrSet.of(
            name("www.example.com."),
            Type.A,
            List.of(record("www.example.com. 3 IN A " + address)));
    return new Resolution(Rcode.NOERROR, List.of(a), List.of(), List.of(), 3, 0);
  }

  private static CacheKey key(String name) {
    return new CacheKey(name(name), Type.A);
  }

  @Test
  void entryIsServedUntilItsLifetimeEndsAndNeverAfter() {
    AnswerCache cache = new AnswerCache(10);
    cache.put(key("www.example.com."), answer("192.0.2.1"), 3, T0);

    assertNotNull(cache.get(key("www.example.com."), T0 + 3 * SECOND - 1));
    assertNull(cache.get(key("www.example.com."), T0 + 3 * SECOND));
    assertEquals(0, cache.size(), "an expired entry is dropped when found");
  }

  @Test
  void servedTtlsShrinkByTheWholeSecondsSpentInTheCache() {
    AnswerCache cache = new AnswerCache(10);
    cache.put(key("www.example.com."), answer("192.0.2.1"), 3, T0);

    Resolution fresh = cache.get(key("www.example.com."), T0 + SECOND - 1);
    Resolution older = cache.get(key("www.example.com."), T0 + 2 * SECOND + 5);
    RrSet a = fresh.answer().get(0);
    assertEquals(3, fresh.ttl(a));
    assertEquals(1, older.ttl(a));
  }

  @Test
  void lookupIgnoresCase() {
    AnswerCache cache = new AnswerCache(10);
    cache.put(key("www.example.com."), answer("192.0.2.1"), 3, T0);
    assertNotNull(cache.get(key("WwW.ExAmple.COM."), T0));
  }

  @Test
  void sizeStaysWithinCapacityAndRecentlyUsedEntriesSurvive() {
    AnswerCache cache = new AnswerCache(4);
    for (int i = 0; i < 4; i++) {
      cache.put(key("n" + i + ".example.com."), answer("192.0.2.1"), 60, T0);
    }
    assertNotNull(cache.get(key("n0.example.com."), T0)); // referenced: spared by the sweep
    for (int i = 4; i < 20; i++) {
      cache.put(key("n" + i + ".example.com."), answer("192.0.2.1"), 60, T0);
      assertTrue(cache.size() <= 4, "size " + cache.size());
      cache.get(key("n0.example.com."), T0);
    }
    assertNotNull(cache.get(key("n0.example.com."), T0));
  }

  @Test
  void expiredEntriesGoFirstWhenTheCacheIsFull() {
    AnswerCache cache = new AnswerCache(2);
    cache.put(key("short.example.com."), answer("192.0.2.1"), 1, T0);
    cache.put(key("long.example.com."), answer("192.0.2.2"), 60, T0);
    cache.get(key("short.example.com."), T0);
    cache.get(key("long.example.com."), T0);

    cache.put(key("new.example.com."), answer("192.0.2.3"), 60, T0 + 2 * SECOND);

    assertEquals(2, cache.size());
    assertNotNull(cache.get(key("long.example.com."), T0 + 2 * SECOND));
    assertNotNull(cache.get(key("new.example.com."), T0 + 2 * SECOND));
  }

  @Test
  void zeroCapacityOrLifetimeKeepsNothing() {
    AnswerCache off = new AnswerCache(0);
    off.put(key("www.example.com."), answer("192.0.2.1"), 60, T0);
    assertNull(off.get(key("www.example.com."), T0));

    AnswerCache cache = new AnswerCache(10);
    cache.put(key("www.example.com."), answer("192.0.2.1"), 0, T0);
    assertNull(cache.get(key("www.example.com."), T0));
  }
}
