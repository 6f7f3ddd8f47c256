# The last 3 lines of error log $1 written after byte offset $2.
tail -c "+$(($2 + 1))" -- "$1" 2>/dev/null | tail -n 3
