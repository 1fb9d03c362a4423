#!/usr/bin/perl
# Checks SPF records with Mail::SPF (Debian: libmail-spf-perl), a parser independent of ours.
# Reads one record per line on standard input; prints one line per record: "ok", or
# "error: <exception class>: <text>".
use strict;
use warnings;
use Mail::SPF;
use Mail::SPF::v1::Record;

while (my $line = <STDIN>) {
    chomp $line;
    my $record = eval { Mail::SPF::v1::Record->new_from_string($line) };
    if ($record) {
        print "ok\n";
        next;
    }
    my $e = $@;
    my $text = (ref $e && $e->can('text')) ? ref($e) . ': ' . $e->text : "$e";
    $text =~ s/\s+/ /g;
    print "error: $text\n";
}
