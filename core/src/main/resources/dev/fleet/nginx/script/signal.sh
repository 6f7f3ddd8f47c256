# Sends signal $1 to pid $2, but only if that pid is still the process fleet observed: the same
# start time ($3, clock ticks since boot) and an nginx title or the binary path $4 in its
# command line. Pids are reused.
# Signal "KILL-TREE" SIGKILLs the pid and every process below it: for a new master that ignores
# QUIT and TERM, whatever it started (workers, or the children of a hung wrapper) must not
# outlive it holding inherited listen sockets.
sig=$1 pid=$2 start=$3 binary=$4
stat=
{ read -r stat < "/proc/$pid/stat"; } 2>/dev/null || { echo "process $pid is gone" >&2; exit 3; }
rest=${stat##*) }
set -- $rest
if [ "${20}" != "$start" ]; then
  echo "pid $pid now belongs to another process" >&2; exit 3
fi
# As in probe.sh: read gives a retitled process's title; only an argv needs tr.
args=
{ read -r args < "/proc/$pid/cmdline"; } 2>/dev/null
case $args in
  "nginx: "*) ;;
  *) args=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) ;;
esac
case $args in
  "nginx: "* | *"$binary"*) ;;
  *) echo "pid $pid is not an nginx process" >&2; exit 3 ;;
esac
# No exec and no exit on success: watch.sh runs this as a function; either way the status is
# kill's own, the last command run.
if [ "$sig" != KILL-TREE ]; then
  kill -s "$sig" "$pid"
else
  # Stop the tree first so nothing forks or reparents while it is collected.
  tree=$pid
  kill -s STOP "$pid" 2>/dev/null
  grew=1
  while [ -n "$grew" ]; do
    grew=
    for dir in /proc/[0-9]*; do
      read -r stat 2>/dev/null < "$dir/stat" || continue
      rest=${stat##*) }
      set -- $rest
      child=${dir#/proc/}
      case " $tree " in
        *" $child "*) continue ;;
        *" $2 "*) tree="$tree $child"; kill -s STOP "$child" 2>/dev/null; grew=1 ;;
      esac
    done
  done
  kill -s KILL $tree
fi
