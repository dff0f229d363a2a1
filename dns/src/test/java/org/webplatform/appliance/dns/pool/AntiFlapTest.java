package org.webplatform.appliance.dns.pool;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AntiFlapTest {
  @Test
  void goesDownAfterDownThresholdFailuresInARow() {
    AntiFlap flap = new AntiFlap(2, 3, true);
    assertFalse(flap.record(false));
    assertFalse(flap.record(false));
    assertTrue(flap.up());
    assertTrue(flap.record(false));
    assertFalse(flap.up());
  }

  @Test
  void aGoodCheckResetsTheRunSoAFlappingMemberStaysUp() {
    AntiFlap flap = new AntiFlap(2, 3, true);
    for (int i = 0; i < 10; i++) {
      flap.record(false);
      flap.record(false);
      flap.record(true);
    }
    assertTrue(flap.up());
  }

  @Test
  void comesBackAfterUpThresholdSuccessesInARow() {
    AntiFlap flap = new AntiFlap(2, 1, false);
    assertFalse(flap.record(true));
    assertFalse(flap.record(false), "a failure resets the run");
    assertFalse(flap.record(true));
    assertTrue(flap.record(true));
    assertTrue(flap.up());
  }
}
