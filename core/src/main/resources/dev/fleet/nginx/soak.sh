# Verify's looks as one command, with probe.sh and health.sh defined before it as the functions
# probe and health: the new master with its executable's digest; then the health URL asked from
# the host ("health ok", or "health failed" and why); then, after the soak, the same processes
# again (the workers must still be the same ones). An empty line ends each record.
# $1 the new master's pid, $2 the soak in seconds ("0", "2.5"), $3 the health URL, $4 the status
# it must answer, then probe.sh's six arguments (its $4, what to read, is set here for each look).
s_pid=$1 s_soak=$2 s_url=$3 s_status=$4
shift 4
probe "$1" "$2" "$3" "exe:$s_pid" "$5" "$6"
echo
if s_why=$(health "$s_url" "$s_status" 2>&1); then
  echo "health ok"
else
  # One line: an empty one would end the record.
  echo "health failed $(printf '%s' "$s_why" | tr '\n' ' ')"
fi
echo
if [ "$s_soak" != 0 ]; then
  sleep "$s_soak"
fi
probe "$1" "$2" "$3" quick "$5" "$6"
echo
