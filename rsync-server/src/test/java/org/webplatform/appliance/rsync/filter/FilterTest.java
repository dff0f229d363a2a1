package org.webplatform.appliance.rsync.filter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FilterTest {
  private static FilterList rules(String... r) throws Exception {
    FilterList.Builder b = new FilterList.Builder();
    for (String s : r) {
      b.add(s.getBytes(StandardCharsets.UTF_8));
    }
    return b.build();
  }

  private static boolean ex(FilterList f, String name, boolean dir) {
    return f.excluded(name.getBytes(StandardCharsets.UTF_8), dir);
  }

  @Test
  void rsyncMatchingRules() throws Exception {
    FilterList f = rules("- *.o", "- /top", "- build/", "- a/b/c", "- x/***", "- **/deep/z");
    assertTrue(ex(f, "src/m.o", false));
    assertTrue(ex(f, "top", false));
    assertFalse(ex(f, "sub/top", false));
    assertTrue(ex(f, "sub/build", true));
    assertFalse(ex(f, "sub/build", false));
    assertTrue(ex(f, "q/a/b/c", false));
    assertFalse(ex(f, "q/ab/c", false));
    assertTrue(ex(f, "x", true));
    assertTrue(ex(f, "x/y/z", false));
    assertTrue(ex(f, "deep/z", false));
    assertTrue(ex(f, "1/2/deep/z", false));
  }

  @Test
  void firstMatchWinsAndClear() throws Exception {
    FilterList f = rules("+ keep.txt", "- *.txt", "+s other", "-r recv-only", "P protected");
    assertFalse(ex(f, "keep.txt", false));
    assertTrue(ex(f, "d/x.txt", false));
    assertFalse(ex(f, "recv-only", false));
    assertFalse(ex(rules("- *", "!"), "anything", false));
    assertThrows(FilterList.UnsupportedRuleException.class, () -> rules(": /.rsync-filter"));
  }

  @Test
  void wildmatchClassesAndStars() {
    assertTrue(WildMatch.matches(b("[a-c]?.t*"), b("bx.txt")));
    assertFalse(WildMatch.matches(b("*.txt"), b("d/x.txt")));
    assertTrue(WildMatch.matches(b("**.txt"), b("d/x.txt")));
    assertTrue(WildMatch.matches(b("[!0-9]*"), b("abc")));
    assertTrue(WildMatch.matches(b("[[:digit:]]x"), b("7x")));
    // A hostile pattern finishes quickly (abort-early matching).
    assertFalse(WildMatch.matches(b("*a*a*a*a*a*a*a*a*a*a*b"), b("a".repeat(5000))));
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
