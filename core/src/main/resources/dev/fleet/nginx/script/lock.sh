# The host's lock for one nginx binary: taken before fleet changes anything on the host,
# released once the host is safe again, so that two controllers never work on one host.
# $1 take | release | show; $2 fleet's directory on the host (/var/lib/fleet); $3 binary path
# (names the lock); then $4 run id, $5 controller (user@machine), $6 its pid, $7 the time (the
# controller's clock). Lines of the lock file: "key<TAB>value".
# take: exit 0 "taken", or "taken over" when the run holding it is $4 itself (its resume);
#   exit 4 "held" and the holder's lines when another run holds it. Linking the written file
#   into place is the atomic step: of two controllers at once, one gets it.
# release: removes the lock only if run $4 holds it (a person names the dead run to break it).
action=$1 dir=$2
lock=$dir/$(printf '%s' "$3" | tr '/' '_').lock
shift 3
clean() { printf '%s' "$1" | tr '\t\r\n' '   '; }
holder() { awk -F '\t' '$1 == "run" { print $2 }' "$lock" 2>/dev/null; }
owner() {
  printf 'run\t%s\ncontroller\t%s\npid\t%s\nsince\t%s\n' "$(clean "$1")" "$(clean "$2")" "$(clean "$3")" "$(clean "$4")"
}
case $action in
  take)
    mkdir -p -- "$dir" || { echo "cannot create $dir" >&2; exit 3; }
    # Written whole beside it, then linked into place: link(2) fails if the lock exists, and
    # whoever reads it never sees it half-written.
    owner "$@" > "$lock.$$" || { echo "cannot write in $dir" >&2; exit 3; }
    if ln -- "$lock.$$" "$lock" 2>/dev/null; then
      rm -f -- "$lock.$$"
      echo taken
      exit 0
    fi
    rm -f -- "$lock.$$"
    if [ "$(holder)" = "$(clean "$1")" ]; then
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
    elif [ "$(holder)" = "$(clean "$1")" ]; then
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
