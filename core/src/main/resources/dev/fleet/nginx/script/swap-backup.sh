# Makes the binary path hold the binary with sha256 $4, taken from the backup, and keeps the
# file it displaces as the new backup: `fleet rollback` swaps the two by renames, never writing
# over a running file, and undoing it is the same swap the other way. Idempotent.
# $1 binary path, $2 backup path, $3 temp path beside them, $4 wanted sha256,
# $5 "test" to run the wanted binary's config test first (conftest.sh, defined before this script
# as the function conftest), then the master's own arguments.
bin=$1 backup=$2 tmp=$3 want=$4 test=$5
shift 5
digest() { sha256sum < "$1" 2>/dev/null | cut -d' ' -f1; }
# With no reason: the command that failed has said why on stderr.
fail() { rm -f -- "$tmp"; [ -z "${1-}" ] || echo "$1" >&2; exit 3; }
rm -f -- "$tmp"
if [ "$(digest "$bin")" != "$want" ]; then
  [ -e "$backup" ] || fail "there is no $backup to go back to"
  got=$(digest "$backup")
  [ "$got" = "$want" ] || fail "$backup has sha256 $got, expected $want"
  if [ "$test" = test ]; then
    conftest "$backup" "the backup binary" "$@" || fail
  fi
  ln -f -- "$backup" "$tmp" 2>/dev/null || cp -p -- "$backup" "$tmp" || fail "could not link $backup"
  ln -f -- "$bin" "$backup" 2>/dev/null || cp -p -- "$bin" "$backup" || fail "could not keep $bin as $backup"
  mv -f -- "$tmp" "$bin" || fail "could not rename $tmp over $bin"
fi
printf 'version %s\n' "$(timeout 5 "$bin" -v 2>&1 | head -n 1)"
