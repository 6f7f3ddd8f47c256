# What a host's procedure leaves on the host, in one request: the history entry, then the lock
# released. One request instead of two saves the host a deadline wrapper and a shell, and the run
# a round trip, on every host (bench/rollout, host CPU per step).
# $1 release | keep (a host that needs attention keeps its lock); $2 fleet's directory on the
# host (/var/lib/fleet); $3 binary path; $4 run id; then the history entry's fields as
# history.sh's append takes them, or none when the procedure changed nothing.
# Exits 3 when the entry cannot be appended, before the lock is touched (it stays, as after any
# failure here); else as lock.sh's release: 0 released or free, 4 held by another run.
# Runs with flat.sh, history.sh and lock.sh defined before it as functions.
g_lock=$1 g_dir=$2 g_binary=$3 g_run=$4
shift 4
if [ $# -gt 0 ]; then
  history append "$g_dir" "$g_binary" "$@" || exit 3
fi
[ "$g_lock" = release ] || exit 0
lock release "$g_dir" "$g_binary" "$g_run"
