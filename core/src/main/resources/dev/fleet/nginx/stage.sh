# Receives the new binary on stdin and puts it in place without ever writing over the running
# file: the upload and its checks are one command, one session on the host.
# $1 temp file beside the binary, $2 binary path, $3 expected sha256, $4 backup path, then the
# running master's own arguments, for the config test (conftest.sh).
tmp=$1 bin=$2 want=$3 backup=$4
shift 4
fail() { rm -f -- "$tmp"; echo "$1" >&2; exit 3; }
if ! cat > "$tmp"; then
  # Read the rest before failing: data sshd receives for a channel it has already freed makes
  # it drop the whole connection.
  cat > /dev/null
  fail "could not write $tmp ($(df -Pk -- "${tmp%/*}/" 2>/dev/null | awk 'NR==2 {print $4}') KiB free there now)"
fi
got=$(sha256sum < "$tmp" | cut -d' ' -f1)
[ "$got" = "$want" ] || fail "uploaded file has sha256 $got, expected $want"
chown --reference="$bin" -- "$tmp" && chmod --reference="$bin" -- "$tmp" \
  || fail "could not give $tmp the owner and mode of $bin"
# The config test (and no "daemon off;") with the master's own -c/-p/-g; conftest.sh is defined
# before this script as the function conftest.
why=$(conftest "$tmp" "the new binary" "$@" 2>&1) || fail "$why"
# A hard link keeps the old inode as the backup at no cost; copy where links are not allowed.
ln -f -- "$bin" "$backup" 2>/dev/null || cp -p -- "$bin" "$backup" || fail "could not back up $bin"
mv -f -- "$tmp" "$bin" || fail "could not rename $tmp over $bin"
printf 'version %s\n' "$(timeout 5 "$bin" -v 2>&1 | head -n 1)"
