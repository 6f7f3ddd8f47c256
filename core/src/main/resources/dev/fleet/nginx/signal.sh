# Sends signal $1 to pid $2, but only if that pid is still the process fleet observed: the same
# start time ($3, clock ticks since boot) and an nginx title or the binary path $4 in its
# command line. Pids are reused.
sig=$1 pid=$2 start=$3 binary=$4
stat=$(cat "/proc/$pid/stat" 2>/dev/null) || { echo "process $pid is gone" >&2; exit 3; }
rest=${stat##*) }
set -- $rest
if [ "${20}" != "$start" ]; then
  echo "pid $pid now belongs to another process" >&2; exit 3
fi
case $(tr '\0' ' ' < "/proc/$pid/cmdline") in
  "nginx: "* | *"$binary"*) ;;
  *) echo "pid $pid is not an nginx process" >&2; exit 3 ;;
esac
kill -s "$sig" "$pid"
