# The two looks of verify as one command, with probe.sh defined before it as the function probe:
# the new master with its executable's digest, then, after the soak, the same processes again
# (the workers must still be the same ones). An empty line ends each snapshot; fleet checks the
# health URL while the soak runs.
# $1 the new master's pid, $2 the soak in seconds ("0", "2.5"), then probe.sh's six arguments
# (its $4, what to read, is set here for each look).
s_pid=$1 s_soak=$2
shift 2
probe "$1" "$2" "$3" "exe:$s_pid" "$5" "$6"
echo
if [ "$s_soak" != 0 ]; then
  sleep "$s_soak"
fi
probe "$1" "$2" "$3" quick "$5" "$6"
echo
