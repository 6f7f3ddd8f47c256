# The host's lock for one nginx binary: taken before fleet changes anything on the host,
# released once the host is safe again, so that two controllers never work on one host.
# $1 take | release | show; $2 fleet's directory on the host (/var/lib/fleet); $3 binary path
# (names the lock); then $4 run id, $5 controller (user@machine), $6 its pid, $7 the time (the
# controller's clock). Lines of the lock file: "key<TAB>value".
# take: exit 0 "taken", or "taken over" when the run holding it is $4 itself (its resume);
#   exit 4 "held" and the holder's lines when another run holds it. Linking the written file
#   into place is the atomic step: of two controllers at once, one gets it.
# release: removes the lock only if run $4 holds it (a person names the dead run to break it).
# Runs with flat.sh defined before it as the function flat. Builtins where they do: each
# $(... | tr), awk, mkdir and the like cost the host a fork and an exec, and a rollout takes and
# releases a lock on every host (bench/rollout, host CPU per step).
action=$1 dir=$2
# The binary path with '/' as '_', by expansions.
l_rest=$3 l_name=
while :; do
  case $l_rest in
    */*) l_name=$l_name${l_rest%%/*}_ l_rest=${l_rest#*/} ;;
    *) l_name=$l_name$l_rest; break ;;
  esac
done
lock=$dir/$l_name.lock
shift 3
# The lock's lines for $1..$4, each value flat.
owner() {
  for o_key in run controller pid since; do
    flat "${1-}"
    [ $# -eq 0 ] || shift
    printf '%s\t%s\n' "$o_key" "$f_out"
  done
}
# The run holding the lock as h_run (empty: none or unreadable); $1 flat as h_want.
holder() {
  flat "$1"
  h_run= h_want=$f_out
  while IFS= read -r h_line; do
    case $h_line in
      "run	"*) h_run=${h_line#run	} ;;
    esac
  done < "$lock"
} 2>/dev/null
case $action in
  take)
    [ -d "$dir" ] || mkdir -p -- "$dir" || { echo "cannot create $dir" >&2; exit 3; }
    # Written whole beside it, then linked into place: link(2) fails if the lock exists, and
    # whoever reads it never sees it half-written.
    owner "$@" > "$lock.$$" || { echo "cannot write in $dir" >&2; exit 3; }
    if ln -- "$lock.$$" "$lock" 2>/dev/null; then
      rm -f -- "$lock.$$"
      echo taken
      exit 0
    fi
    rm -f -- "$lock.$$"
    holder "$1"
    if [ "$h_run" = "$h_want" ]; then
      owner "$@" > "$lock.$$" && mv -f -- "$lock.$$" "$lock" || { echo "cannot rewrite $lock" >&2; exit 3; }
      echo "taken over"
      exit 0
    fi
    echo held
    cat -- "$lock" 2>/dev/null
    exit 4
    ;;
  release)
    if [ ! -e "$lock" ]; then
      echo free
    elif holder "$1"; [ "$h_run" = "$h_want" ]; then
      rm -f -- "$lock" && echo released
    else
      echo "not held by $1"
      cat -- "$lock"
      exit 4
    fi
    ;;
  show)
    if [ -e "$lock" ]; then echo held; cat -- "$lock"; else echo free; fi
    ;;
  *)
    echo "lock.sh: unknown action $action" >&2
    exit 2
    ;;
esac
