# What fleet did to this host's nginx, kept on the host so that every controller sees it: one
# line an entry, fields separated by tabs, appended and never rewritten.
# $1 append | list; $2 fleet's directory on the host (/var/lib/fleet); $3 binary path (names the
# file); append: then $4... time, run, controller, procedure, from version, from sha256, to
#   version, to sha256, result (tabs and newlines in a value become spaces)
# list: the last $4 entries (all when $4 is 0)
action=$1 dir=$2
file=$dir/$(printf '%s' "$3" | tr '/' '_').history
shift 3
case $action in
  append)
    mkdir -p -- "$dir" || { echo "cannot create $dir" >&2; exit 3; }
    line=
    for value in "$@"; do
      line="$line$(printf '%s' "$value" | tr '\t\r\n' '   ')	"
    done
    printf '%s\n' "${line%	}" >> "$file" || { echo "cannot append to $file" >&2; exit 3; }
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
