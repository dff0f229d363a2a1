package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class QueryCountersTest {
  @Test
  void everyListedQtypeHasItsOwnSlotNamedAfterIt() {
    for (int slot = 0; slot < QueryCounters.QTYPE_LABELS.length - 1; slot++) {
      String label = QueryCounters.QTYPE_LABELS[slot];
      assertEquals(slot, QueryCounters.qtypeSlot(Type.value(label)), label);
    }
  }

  @Test
  void unlistedAndMissingQtypesShareTheOtherSlot() {
    int other = QueryCounters.QTYPE_LABELS.length - 1;
    assertEquals("other", QueryCounters.QTYPE_LABELS[other]);
    assertEquals(other, QueryCounters.qtypeSlot(Type.LOC));
    assertEquals(other, QueryCounters.qtypeSlot(65400));
    assertEquals(other, QueryCounters.qtypeSlot(-1));
  }

  @Test
  void rcodesAreLabelledByMnemonicAndOutOfRangeOnesAsOther() {
    assertEquals("NOERROR", QueryCounters.rcodeLabel(QueryCounters.rcodeSlot(Rcode.NOERROR)));
    assertEquals("NXDOMAIN", QueryCounters.rcodeLabel(QueryCounters.rcodeSlot(Rcode.NXDOMAIN)));
    assertEquals("REFUSED", QueryCounters.rcodeLabel(QueryCounters.rcodeSlot(Rcode.REFUSED)));
    assertEquals("BADVERS", QueryCounters.rcodeLabel(QueryCounters.rcodeSlot(Rcode.BADVERS)));
    assertEquals("other", QueryCounters.rcodeLabel(QueryCounters.rcodeSlot(4000)));
    assertEquals("other", QueryCounters.rcodeLabel(QueryCounters.rcodeSlot(-3)));
  }
}
