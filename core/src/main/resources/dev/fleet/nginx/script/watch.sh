# Watches nginx on this host for fleet, which reads each snapshot as it arrives and closes the
# channel once it has seen what it waits for: one command for a whole wait instead of one per
# look. Runs with probe.sh and signal.sh defined before it as the functions probe and signal.
# $1 a signal for signal.sh, or "-" for none; $2 the pid to signal; $3 its start ticks; $4 the
# binary path (signal.sh's check that the pid still runs it); $5 what each look reads and $6 its
# error log offset (probe.sh's first two), where "at-signal" means the log's size just before the
# signal: only lines written after it are reported; then where nginx is, passed on whole to each
# look (probe.sh's last arguments).
# Prints, with a signal, the snapshot before it; then a snapshot after each pause, pauses starting
# at 10 ms and growing by half up to 500 ms, as Poll does. An empty line ends each snapshot.
# Stops when a write fails (fleet closed the channel) or when the deadline wrapper stops it.
w_sig=$1 w_pid=$2 w_start=$3 w_binary=$4 w_mode=$5 w_offset=$6
shift 6
if [ "$w_sig" != - ]; then
  # The look before the signal is kept: its errorlog record, read here as fleet reads it, is the
  # offset after the signal. Nothing is taken from the probe's variables.
  w_look=$(probe "$w_mode" "" "$@")
  printf '%s\n\n' "$w_look" || exit 0
  if [ "$w_offset" = at-signal ]; then
    w_offset=$(record errorlog "$w_look")
  fi
  signal "$w_sig" "$w_pid" "$w_start" "$w_binary" || exit 3
fi
w_pause=10
while :; do
  w_ms=$((w_pause % 1000))
  case ${#w_ms} in
    1) w_ms=00$w_ms ;;
    2) w_ms=0$w_ms ;;
  esac
  sleep "$((w_pause / 1000)).$w_ms"
  probe "$w_mode" "$w_offset" "$@"
  echo || exit 0
  w_pause=$((w_pause + w_pause / 2))
  [ "$w_pause" -le 500 ] || w_pause=500
done
