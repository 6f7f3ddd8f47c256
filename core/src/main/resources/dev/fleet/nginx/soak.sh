# The two looks of verify as one command, with probe.sh defined before it as the function probe:
# the new master with its executable's digest, then, after the soak, the same processes again
# (the workers must still be the same ones). An empty line ends each snapshot; fleet checks the
# health URL while the soak runs.
# $1 the new master's pid, $2 the soak in seconds ("0", "2.5"), then probe.sh's arguments $1-$3
# and $5-$6 (its $4 is set here).
s_pid=$1 s_soak=$2
shift 2
probe "$1" "$2" "$3" "exe:$s_pid" "$4" "$5"
echo
if [ "$s_soak" != 0 ]; then
  sleep "$s_soak"
fi
probe "$1" "$2" "$3" quick "$4" "$5"
echo
