# Watches nginx on this host for fleet, which judges each snapshot as it arrives and asks for the
# next until one shows what it waits for: one command for a whole wait instead of one per look.
# Runs with probe.sh and signal.sh defined before it as the functions probe and signal.
# $1 a signal for signal.sh; $2 the pid to signal; $3 its start ticks; $4 the binary path
# (signal.sh's check that the pid still runs it); $5 what each look reads and $6 its error log
# offset (probe.sh's first two), where "at-signal" means the log's size just before the signal:
# only lines written after it are reported; then where nginx is, passed on whole to each look
# (probe.sh's last arguments).
# Prints the snapshot before the signal, signals, then prints a snapshot each time fleet asks: a
# line "fleet_more" on stdin (RecordStream.MORE). fleet paces the looks, so this sleeps never;
# any other line, or the end of stdin, ends the watch. An empty line ends each snapshot.
w_sig=$1 w_pid=$2 w_start=$3 w_binary=$4 w_mode=$5 w_offset=$6
shift 6
# The look before the signal: its errorlog record (probe_logsize, probe.sh) is the offset after
# the signal.
probe "$w_mode" "" "$@"
echo || exit 0
if [ "$w_offset" = at-signal ]; then
  w_offset=$probe_logsize
fi
signal "$w_sig" "$w_pid" "$w_start" "$w_binary" || exit 3
while IFS= read -r w_go && [ "$w_go" = fleet_more ]; do
  probe "$w_mode" "$w_offset" "$@"
  echo || exit 0
done
