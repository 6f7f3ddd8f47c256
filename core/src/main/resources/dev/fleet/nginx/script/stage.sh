# Receives the new binary on stdin, or downloads it, and puts it in place without ever writing
# over the running file: the transfer and its checks are one command, one session on the host.
# $1 temp file beside the binary, $2 binary path, $3 expected sha256, $4 backup path,
# $5 "-": the file comes on stdin; else the URL to download it from (fetch.sh: stdin then holds
# at most a header line), $6 with a URL, the ELF machines the host runs (elfcheck.sh), $7 the
# digest memo (probe.sh), then the running master's own arguments, for the config test
# (conftest.sh).
# Exit 4: the download or its checks failed, and nothing but the removed temp file was touched.
tmp=$1 bin=$2 want=$3 backup=$4 src=$5 machines=$6 memo=$7
shift 7
# With no reason: the command that failed has said why on stderr.
fail() { rm -f -- "$tmp"; [ -z "${1-}" ] || echo "$1" >&2; exit "${2:-3}"; }
if [ "$src" != - ]; then
  rm -f -- "$tmp"
  fetch "$src" "$tmp" || { rm -f -- "$tmp"; exit 4; }
  got=$(sha256sum < "$tmp")
  got=${got%% *}
  [ "$got" = "$want" ] || fail "$src has sha256 $got, expected $want" 4
  why=$(elfcheck "$tmp" "$machines") || fail "$src $why" 4
elif ! cat > "$tmp"; then
  # Read the rest before failing: data sshd receives for a channel it has already freed makes
  # it drop the whole connection.
  cat > /dev/null
  fail "could not write $tmp ($(df -Pk -- "${tmp%/*}/" 2>/dev/null | awk 'NR==2 {print $4}') KiB free there now)"
else
  # The digest is sha256sum's first word: an expansion instead of a pipe to cut spares the host
  # a fork and an exec (the same for nginx -v's first line below, instead of head).
  got=$(sha256sum < "$tmp")
  got=${got%% *}
  [ "$got" = "$want" ] || fail "uploaded file has sha256 $got, expected $want"
fi
# The new file is this user's own, in its group unless the directory gives it another: when the
# binary is this user's and that group's too, chown would change nothing and is not run (an exec
# is most of what a command costs the host).
if ! { [ -O "$bin" ] && [ -G "$bin" ] && [ -G "$tmp" ]; }; then
  chown --reference="$bin" -- "$tmp" || fail "could not give $tmp the owner of $bin"
fi
chmod --reference="$bin" -- "$tmp" || fail "could not give $tmp the mode of $bin"
# The config test (and no "daemon off;") with the master's own -c/-p/-g; conftest.sh is defined
# before this script as the function conftest.
conftest "$tmp" "the new binary" "$@" || fail
version=$c_version
# A hard link keeps the old inode as the backup at no cost; copy where links are not allowed.
ln -f -- "$bin" "$backup" 2>/dev/null || cp -p -- "$bin" "$backup" || fail "could not back up $bin"
mv -f -- "$tmp" "$bin" || fail "could not rename $tmp over $bin"
# The digest memo (probe.sh): the installed file's identity, taken after the rename (which
# changes its ctime), with the sha256 checked above and the version its config test printed (after
# its length), so that verify's look and the next upgrade's preflight need not hash it or run it
# again. Written in place: a torn line matches no identity, holds no whole digest or a version
# shorter than it says, and that part is ignored; a memo that cannot be written only costs a hash.
if s_id=$(stat -L -c '%d:%i:%s:%.9Z' -- "$bin" 2>/dev/null); then
  { printf '%s %s %s %s\n' "$s_id" "$want" "${#version}" "$version" > "$memo"; } 2>/dev/null || rm -f -- "$memo"
else
  rm -f -- "$memo"
fi
printf 'version %s\n' "$version"
