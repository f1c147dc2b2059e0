#!/usr/bin/env bash
# What users copy from README.md and docs/ works as written (the test command runs it after ./mvnw install):
# - every CI file in the docs validates against its CI's published schema, by a real validator: GitHub Actions
#   workflows by action-validator, GitLab CI files by gitlab-ci-local's validation against GitLab's own ci.json
#   (scripts/gitlab-ci-validate.mjs; both pinned, from the npm registry: scripts/setup-machine.sh test);
# - every command line a user runs (the lines of sh blocks; inline `mvn ...`, `./mvnw ...`, `bash ...`) runs here, in
#   a copy of this checkout with an image store and ocisi state of its own; or runs elsewhere in the test command (the
#   list below says where); or cannot run as written (a placeholder such as NAME or HOST, a registry of the reader's).
#   A command line this script does not know fails the check: a new one gets its line below.
# The flags of every goal named in those command lines are checked against the plugin's descriptor by DocsCommandsTest.
#   bash scripts/docs-check.sh           the CI files, and the command lines that need nothing built
#   bash scripts/docs-check.sh --built   the command lines that need the example built, in this checkout as the user
#                                        who ran the demo here (scripts/workstation-check.sh runs it after the demo)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
built=false
[ "${1:-}" = --built ] && built=true
tools=/var/tmp/ocisi-cache/node-tools/node_modules/.bin
work=$(mktemp -d /var/tmp/ocisi-docs-check.XXXXXX)
failed=0
fail() { echo "docs check FAILED: $*" >&2; failed=1; }

# --- CI files
$built || awk -v out="$work/yaml" '
  /^```yaml[ ]*$/ { n++; file = out "-" n; print FILENAME ":" FNR + 1 > (file ".where"); block = 1; next }
  /^```/ { block = 0; next }
  block { print > file }
' README.md docs/*.md
ci_files=0
for block in "$work"/yaml-*; do
  [ -e "$block" ] || continue
  case "$block" in *.where) continue ;; esac
  where=$(cat "$block.where")
  if grep -q '^ *runs-on:' "$block"; then
    ci_files=$((ci_files + 1))
    cp "$block" "$work/workflow.yml"
    if out=$("$tools/action-validator" "$work/workflow.yml" 2>&1); then
      echo "$where: a GitHub Actions workflow, valid (action-validator)"
    else
      fail "$where: a GitHub Actions workflow that action-validator rejects: $out"
    fi
  elif grep -qE '^ +script:' "$block"; then
    ci_files=$((ci_files + 1))
    if out=$(node scripts/gitlab-ci-validate.mjs "$(dirname "$(dirname "$tools")")" "$block" 2>&1); then
      echo "$where: a GitLab CI file, valid (gitlab-ci-local's validation, GitLab's ci.json)"
    else
      fail "$where: a GitLab CI file that GitLab's schema rejects: $(head -4 <<<"$out")"
    fi
  fi
done
$built || ((ci_files > 0)) || fail "no CI file found in the docs"

# --- command lines
awk '
  /^```(sh|bash|shell)[ ]*$/ { block = 1; next }
  /^```/ { block = 0; next }
  block { sub(/[ \t]+#.*/, ""); if ($0 ~ /[^ \t]/) print FILENAME ":" FNR "\t" $0; next }
  {
    line = $0
    while (match(line, /`[^`]+`/)) {
      code = substr(line, RSTART + 1, RLENGTH - 2)
      line = substr(line, RSTART + RLENGTH)
      if (code ~ /^(mvn|\.\/mvnw|bash|source) /) print FILENAME ":" FNR "\t" code
    }
  }
' README.md docs/*.md | sort -t$'\t' -k2,2 -u >"$work/commands"

# runs elsewhere in the test command, or cannot run as written: the command line, then why
elsewhere() {
  case "$1" in
    "bash scripts/test.sh") echo "the test command itself (.ci/run)" ;;
    "bash scripts/demo.sh") echo "scripts/workstation-check.sh runs it whole, as a user with rootless podman" ;;
    "bash scripts/rootless.sh --demo") echo "scripts/workstation-check.sh" ;;
    "bash scripts/rootless.sh --shell") echo "not run: it opens an interactive shell" ;;
    "bash scripts/report-check.sh") echo "scripts/demo.sh" ;;
    "bash bench/"*) echo "not run: a benchmark, by hand (docs/performance.md has its results)" ;;
    "source scripts/engines.sh && engines_start") echo "scripts/test.sh" ;;
    "bash scripts/demo.sh --left" | "bash scripts/demo.sh --remove") echo "scripts/workstation-check.sh" ;;
    "./mvnw install -DskipTests") echo "scripts/demo.sh" ;;
    "./mvnw -pl ocisi-maven-plugin site") echo "scripts/test.sh" ;;
    "mvn ocisi:push") echo "scripts/demo.sh, with -Docisi.registry (the example names no registry)" ;;
    "mvn ocisi:boot") echo "the invoker run boot-run (it leaves the VM running: the demo runs a command in it instead)" ;;
    "mvn ocisi:process -Docisi.push" | "mvn ocisi:process -Docisi.pullOnly")
      echo "not as written here: it needs the reader's registry in the hierarchy file (the invoker run registry-push does it on a loopback registry)" ;;
    "mvn ocisi:process -Docisi.push -Docisi.sign=ocisi.key")
      echo "not as written here: it needs the reader's registry in the hierarchy file (the invoker run signed-push signs on a loopback registry)" ;;
    "mvn ocisi:keygen") echo "the invoker run signed-push (as written it asks for the passphrase at a terminal; docs/trust.md's line with OCISI_SIGN_PASSPHRASE runs here)" ;;
    "mvn ocisi:trust")
      echo "not as written here: the example names no registry (the invoker run signed-push runs it; SignedImagesTest checks what it writes with containers/image)" ;;
    "mvn ocisi:process -Docisi.verify=ocisi.pub")
      echo "not as written here: it needs a registry whose images a key signed (SignedReuseTest does it on a loopback registry)" ;;
    "mvn -B -q validate") echo "not as written: Maven's floor on an empty pom (bench/run.sh)" ;;
    "mvn ocisi:devcontainer" | "mvn ocisi:devcontainer -Docisi.image=debian-python-dx -Docisi.workspace=~/src/app")
      echo "not as written here: it writes into the reader's project; the invoker run devcontainer-file runs the goal" ;;
    "mvn site" | "mvn clean" | "mvn install" | "mvn -B" | "mvn -X" | "mvn --encrypt-password")
      echo "not run: Maven's own, on the reader's project" ;;
    *"NAME"* | *"CMD"* | *"<goal>"* | *"<id>"* | *"HOST"* | *"YOU"* | *registry.example.com*)
      echo "not as written: it has a placeholder" ;;
    *) return 1 ;;
  esac
}
# runs here, in the copy: goals that build nothing, on the example hierarchy
runs_here() {
  case "$1" in
    "mvn ocisi:list"* | "mvn ocisi:help"* | "mvn ocisi:status" | "mvn ocisi:report" | "mvn ocisi:doctor" | \
      "mvn ocisi:clean" | "mvn ocisi:lock" | "mvn dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT:list" | \
      "./mvnw test -DexcludedGroups=engine" | "./mvnw -Pchecks spotless:apply" | \
      "bash scripts/setup-machine.sh --list test" | "OCISI_SIGN_PASSPHRASE=... mvn ocisi:keygen") return 0 ;;
    *) return 1 ;;
  esac
}
# runs on the example built: after the demo, in its checkout, as the user who ran it (scripts/workstation-check.sh)
runs_built() {
  case "$1" in
    "mvn ocisi:process" | "mvn ocisi:process -Dprune" | "mvn ocisi:process -DskipClean" | "mvn ocisi:vm" | \
      "mvn ocisi:assemble") return 0 ;;
    *) return 1 ;;
  esac
}

# `mvn` as the reader has it: the machine's Maven, else this checkout's wrapper
mkdir -p "$work/bin"
command -v mvn >/dev/null || { printf '#!/bin/sh\nexec "%s/mvnw" "$@"\n' "$($built && echo "$repo" || echo "$work/checkout")" \
  >"$work/bin/mvn" && chmod +x "$work/bin/mvn"; }
export PATH=$work/bin:$PATH

if $built; then
  ran=0
  while IFS=$'\t' read -r where command; do
    runs_built "$command" || continue
    start=$(date +%s%N)
    if bash -c "$command" >"$work/out" 2>&1; then
      echo "$where: \`$command\` ran on the built example ($((($(date +%s%N) - start) / 1000000)) ms)"
      ran=$((ran + 1))
    else
      fail "$where: \`$command\` failed on the built example: $(tail -15 "$work/out")"
    fi
  done <"$work/commands"
  rm -rf "$work"
  echo "docs: $ran command lines run on the built example"
  exit $failed
fi

copy=$work/checkout
mkdir -p "$copy" "$work/cache"
git ls-files -co --exclude-standard -z | tar --null -cf - -T - | tar -C "$copy" -xf -
source scripts/engines.sh
# podman's settings for this machine, as the test command has them (none on a workstation)
engines_write_conf >/dev/null
mapfile -t store < <(engines_store "$work/store")
trap 'engines_store_remove "$work/store"; rm -rf "$work"' EXIT
ran=0
while IFS=$'\t' read -r where command; do
  if runs_here "$command"; then
    start=$(date +%s%N)
    if (cd "$copy" && env "${store[@]}" XDG_CACHE_HOME="$work/cache" bash -c "$command" >"$work/out" 2>&1); then
      echo "$where: \`$command\` ran ($((($(date +%s%N) - start) / 1000000)) ms)"
      ran=$((ran + 1))
    else
      fail "$where: \`$command\` failed: $(tail -15 "$work/out")"
    fi
  elif runs_built "$command"; then
    echo "$where: \`$command\`: on the example the demo built (scripts/workstation-check.sh runs docs-check.sh --built)"
  elif why=$(elsewhere "$command"); then
    echo "$where: \`$command\`: $why"
  else
    fail "$where: \`$command\` is a command line this check does not know: run it in runs_here or runs_built, or say in elsewhere where it runs or why it cannot (scripts/docs-check.sh)"
  fi
done <"$work/commands"
echo "docs: $ci_files CI files validated, $ran of $(wc -l <"$work/commands") command lines run here"
exit $failed
