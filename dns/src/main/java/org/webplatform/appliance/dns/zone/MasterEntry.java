package org.webplatform.appliance.dns.zone;

import java.util.List;

/**
 * One logical entry of a master file (RFC 1035 §5.1): a directive or a resource record, with
 * parentheses already joined and comments removed.
 *
 * @param line the line on which the entry starts (1-based), used for error reports
 * @param ownerOmitted the entry started with white space, so its owner is the previous owner
 */
record MasterEntry(int line, boolean ownerOmitted, List<MasterToken> tokens) {}
