package org.webplatform.appliance.dns.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MasterFileLexerTest {

  @Test
  void entriesKeepTheirStartLineAcrossParentheses() throws MasterSyntaxException {
    List<MasterEntry> entries =
        MasterFileLexer.entries("; c\n\na IN SOA ns h (\n 1 ; serial\n 2 3 4 5 )\n  IN NS ns\n");
    assertEquals(2, entries.size());
    assertEquals(3, entries.get(0).line());
    assertEquals(10, entries.get(0).tokens().size());
    assertEquals(6, entries.get(1).line());
    assertTrue(entries.get(1).ownerOmitted());
  }

  @Test
  void quotedStringsKeepSemicolonsParenthesesAndEscapes() throws MasterSyntaxException {
    MasterEntry entry = MasterFileLexer.entries("t TXT \"a;(b)\\\"c\" d\\ e\n").get(0);
    assertEquals(new MasterToken("a;(b)\\\"c", true), entry.tokens().get(2));
    assertEquals(new MasterToken("d\\ e", false), entry.tokens().get(3));
  }

  @Test
  void unbalancedParenthesesAndOpenQuotesAreErrorsWithLines() {
    MasterSyntaxException open =
        assertThrows(MasterSyntaxException.class, () -> MasterFileLexer.entries("\nx A (\n1\n"));
    assertEquals(2, open.line());
    MasterSyntaxException close =
        assertThrows(MasterSyntaxException.class, () -> MasterFileLexer.entries("x A 1 )\n"));
    assertEquals(1, close.line());
    MasterSyntaxException quote =
        assertThrows(MasterSyntaxException.class, () -> MasterFileLexer.entries("\n\nx TXT \"a\n"));
    assertEquals(3, quote.line());
  }
}
