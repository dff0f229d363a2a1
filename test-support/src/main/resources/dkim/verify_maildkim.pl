#!/usr/bin/perl
# Verifies each message with Mail::DKIM, keys from a file instead of DNS.
# usage: verify_maildkim.pl KEYS MSG...; prints "<file> <index> <result> <algorithm> <detail>"
use strict;
use warnings;
use Mail::DKIM::Verifier;
use Net::DNS;

my %keys;
open(my $kf, '<', shift @ARGV) or die "keys: $!";
while (my $line = <$kf>) {
    chomp $line;
    my ($name, $txt) = split /\t/, $line, 2;
    $keys{lc $name} = $txt;
}
close $kf;

{
    no warnings 'redefine';
    *Mail::DKIM::DNS::query = sub {
        my ($name, $type) = @_;
        my $txt = $keys{lc $name};
        return () unless defined $txt && $type eq 'TXT';
        my @parts = unpack('(A255)*', $txt);
        return (Net::DNS::RR->new(name => $name, type => 'TXT', txtdata => \@parts));
    };
}

for my $path (@ARGV) {
    open(my $fh, '<:raw', $path) or die "$path: $!";
    my $dkim = Mail::DKIM::Verifier->new();
    while (my $l = <$fh>) {
        $dkim->PRINT($l);
    }
    close $fh;
    $dkim->CLOSE;
    my $i = 0;
    for my $sig ($dkim->signatures) {
        my $detail = $sig->result_detail;
        print "$path $i ", $sig->result, " ", $sig->algorithm, " $detail\n";
        $i++;
    }
    print "$path - none\n" if $i == 0;
}
