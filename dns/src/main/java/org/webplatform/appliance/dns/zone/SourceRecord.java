package org.webplatform.appliance.dns.zone;

import java.nio.file.Path;
import org.xbill.DNS.Record;

/** A parsed record with the file and line it came from, so validation can point at it. */
record SourceRecord(Record record, Path file, int line) {}
