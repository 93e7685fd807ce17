#!/bin/sh
# munch without a C compiler: grow a shell variable by STEP MiB each round (busybox or
# dash). Slower than munch.c, but the limit is hit the same way.
step=${1:-8}
chunk=$(head -c $((step * 1048576)) /dev/zero | tr '\0' x)
held=0
all=
while :; do
  all="$all$chunk"
  held=$((held + step))
  echo "munch.sh: holding about $held MiB"
  sleep 0.1
done
