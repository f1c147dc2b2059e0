#!/usr/bin/env bash
# VM boot times with software emulation (TCG), on the example's debian-vm (Debian 12, kernel 6.1, systemd; 1 GiB,
# 2 vCPUs), from QEMU's start to a command's first line of output, medians of $OCISI_BENCH_RUNS (3) runs:
#   baseline: QEMU as a user types it without ocisi (QEMU's default devices, the distribution's compressed kernel and
#             initrd, a shell as init on the kernel command line, `quiet`), on copies of the same files;
#   ocisi:    `ocisi:boot -Docisi.vm.run` with the fast init and with systemd (`system`), and the boot to the login
#             prompt (`-Docisi.vm.smoke`), as whole mvn processes and as the goal's own "first output after".
# Target (issue 21): the fast init's first output within 10 s here. Prints the ratios.
# Usage: bash bench/vm.sh   (from a clone, after `./mvnw install`; makes debian-vm's disk when it has none)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/engines.sh
engines_start >/dev/null
source bench/lib.sh
runs=${OCISI_BENCH_RUNS:-3}
work=$(mktemp -d /var/tmp/ocisi-bench-vm.XXXXXX)
trap 'rm -rf "$work"' EXIT

./mvnw -B -ntp ocisi:vm -Docisi.image=debian-vm >"$work/vm.log" 2>&1 || { cat "$work/vm.log" >&2; exit 1; }
disk=${XDG_CACHE_HOME:-$HOME/.cache}/ocisi/vm/debian-vm@latest/current
# the baseline's own copies: it shares no file with ocisi's disk cache
cp "$disk/vmlinuz" "$disk/initrd.img" "$disk/disk.qcow2" "$work/"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

by_hand() { # prints the nanoseconds from QEMU's start to the command's line, and to QEMU's exit
  local t0 first=0 line
  t0=$(now)
  while IFS= read -r line; do
    line=${line%$'\r'}
    if [ "$first" = 0 ] && [ "$line" = bench-first ]; then first=$(( $(now) - t0 )); fi
  done < <(timeout 180 qemu-system-x86_64 -accel tcg -cpu max -m 1024M -smp 2 \
    -kernel "$work/vmlinuz" -initrd "$work/initrd.img" \
    -append "console=ttyS0 root=/dev/vda rw quiet panic=-1 init=/bin/sh -- -c \"echo bench-first; echo o > /proc/sysrq-trigger; sleep 60\"" \
    -drive "file=$work/disk.qcow2,if=virtio,format=qcow2,snapshot=on" \
    -display none -serial stdio -monitor none -no-reboot </dev/null 2>"$work/qemu.err")
  [ "$first" != 0 ] || { echo "the baseline VM printed no output line; QEMU said: $(cat "$work/qemu.err")" >&2; exit 1; }
  echo "$first $(( $(now) - t0 ))"
}

ocisi_boot() { # FLAGS...: prints the goal's own seconds (first output, or booted in) and the whole mvn nanoseconds
  local t0 t1 goal
  t0=$(now)
  ./mvnw -B -ntp ocisi:boot -Docisi.image=debian-vm "$@" >"$work/boot.log" 2>&1 \
    || { cat "$work/boot.log" >&2; exit 1; }
  t1=$(now)
  goal=$(sed -n -e 's/.*first output after \([0-9.]*\) s.*/\1/p' -e 's/.* booted in \([0-9.]*\) s with .*/\1/p' \
    "$work/boot.log" | tail -1)
  [ -n "$goal" ] || { cat "$work/boot.log" >&2; echo "no time in the goal's log" >&2; exit 1; }
  echo "$goal $((t1 - t0))"
}

measure() { # NAME COMMAND...: $runs runs; sets NAME_first (seconds) and NAME_whole (seconds), medians
  local name=$1 i firsts=() wholes=() out
  shift
  for ((i = 0; i < runs; i++)); do
    out=$("$@")
    firsts+=("${out% *}"); wholes+=("${out#* }")
  done
  printf -v "${name}_first" '%s' "$(printf '%s\n' "${firsts[@]}" | median)"
  printf -v "${name}_whole" '%s' "$(printf '%s\n' "${wholes[@]}" | median)"
}

echo "debian-vm, software emulation (TCG), $(nproc) cores, QEMU $(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p'); medians of $runs"
measure hand by_hand
hand_first=$(secs "$hand_first"); hand_whole=$(secs "$hand_whole")
measure fast ocisi_boot -Docisi.vm.init=fast -Docisi.vm.run='echo bench-first'
measure system ocisi_boot -Docisi.vm.init=system -Docisi.vm.run='echo bench-first'
measure login ocisi_boot -Docisi.vm.smoke
for v in fast system login; do
  printf -v "${v}_whole" '%s' "$(secs "$(eval echo "\$${v}_whole")")"
done

printf '%-58s %14s   %s\n' "what" "first output" "whole"
printf '%-58s %12s s   %s\n' "baseline: QEMU by hand, its defaults, compressed kernel" "$hand_first" "$hand_whole s (QEMU)"
printf '%-58s %12s s   %s\n' "ocisi:boot -Docisi.vm.run, fast init" "$fast_first" "$fast_whole s (mvn)"
printf '%-58s %12s s   %s\n' "ocisi:boot -Docisi.vm.run, system init (systemd.run=)" "$system_first" "$system_whole s (mvn)"
printf '%-58s %12s s   %s\n' "ocisi:boot -Docisi.vm.smoke, to the login prompt" "$login_first" "$login_whole s (mvn)"
echo "fast init, first output: $fast_first s (target <= 10 s): $(ratio "$fast_first" "$hand_first")x the baseline's time, $(ratio "$fast_first" "$login_first")x the login prompt's"
echo "system init, first output: $(ratio "$system_first" "$hand_first")x the baseline's time, $(ratio "$system_first" "$login_first")x the login prompt's"
