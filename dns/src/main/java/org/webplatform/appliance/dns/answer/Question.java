package org.webplatform.appliance.dns.answer;

import org.xbill.DNS.Name;

/** The question of a query; {@code name} keeps the case it was sent in (DNS 0x20). */
record Question(Name name, int type, int dclass) {}
