# Puts the backup back over the binary path by rename, and removes a leftover upload.
# $1 binary path, $2 backup path, $3 temp upload path
bin=$1 backup=$2 tmp=$3
rm -f -- "$tmp"
if [ -e "$backup" ]; then
  mv -f -- "$backup" "$bin"
fi
