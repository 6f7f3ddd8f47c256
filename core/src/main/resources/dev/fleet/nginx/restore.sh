# Undoes a stage: removes a leftover upload and, only if the binary path holds the new binary
# this upgrade put there, renames the backup back over it. A backup left by an earlier upgrade
# must never replace a binary this upgrade did not change.
# $1 binary path, $2 backup path, $3 temp upload path, $4 sha256 of the new binary
bin=$1 backup=$2 tmp=$3 new=$4
rm -f -- "$tmp"
if [ -e "$backup" ] && [ "$(sha256sum < "$bin" | cut -d' ' -f1)" = "$new" ]; then
  mv -f -- "$backup" "$bin"
fi
