# What fleet did to this host's nginx, kept on the host so that every controller sees it: one
# line an entry, fields separated by tabs, appended and never rewritten.
# $1 append | list; $2 fleet's directory on the host (/var/lib/fleet); $3 binary path (names the
# file); append: then $4... time, run, controller, procedure, from version, from sha256, to
#   version, to sha256, result (tabs, newlines and other control characters in a value become
#   spaces)
# list: the last $4 entries (all when $4 is 0)
# Runs with flat.sh defined before it as the function flat. Builtins where they do (see
# lock.sh): the binary path with '/' as '_' by expansions.
action=$1 dir=$2
h_rest=$3 h_name=
while :; do
  case $h_rest in
    */*) h_name=$h_name${h_rest%%/*}_ h_rest=${h_rest#*/} ;;
    *) h_name=$h_name$h_rest; break ;;
  esac
done
file=$dir/$h_name.history
shift 3
case $action in
  append)
    [ -d "$dir" ] || mkdir -p -- "$dir" || { echo "cannot create $dir" >&2; exit 3; }
    line= sep=
    for value in "$@"; do
      flat "$value"
      line=$line$sep$f_out sep='	'
    done
    printf '%s\n' "$line" >> "$file" || { echo "cannot append to $file" >&2; exit 3; }
    ;;
  list)
    [ -e "$file" ] || exit 0
    if [ "${1:-0}" -gt 0 ]; then tail -n "$1" -- "$file"; else cat -- "$file"; fi
    ;;
  *)
    echo "history.sh: unknown action $action" >&2
    exit 2
    ;;
esac
