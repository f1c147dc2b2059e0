#!/usr/bin/env bash
# What a release would publish, checked against what Maven Central requires, without publishing anything: a deploy
# with -Prelease into a folder, then for ocisi-parent, ocisi-core and ocisi-maven-plugin the pom with name,
# description, url, licenses, developers and scm, and beside each jar its -sources.jar and -javadoc.jar.
# (Central also wants a .asc signature per file: signing needs the release key, which CI does not hold.)
# Usage: bash scripts/check-publish.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# nothing installed into ~/.m2: the steps the test command runs beside this one read the plugin from there
./mvnw -B -ntp -q -Prelease deploy -DskipTests -Dinvoker.skip -Dmaven.install.skip -DaltDeploymentRepository=check::file://"$out"
failed=0
need() { [ -e "$1" ] || { echo "missing: ${1#"$out"/}" >&2; failed=1; }; }
for artifact in ocisi-parent ocisi-core ocisi-maven-plugin; do
  dir=$(find "$out" -type d -path "*/dev/ocisi/$artifact/*-SNAPSHOT" | head -1)
  [ -n "$dir" ] || { echo "missing: $artifact" >&2; failed=1; continue; }
  pom=$(ls "$dir"/*.pom | head -1)
  # the effective pom: inherited elements count as Central reads them
  effective=$(./mvnw -B -ntp -q -N -f "$pom" help:effective-pom -Doutput=/dev/stdout 2>/dev/null || true)
  for element in name description url licenses developers scm; do
    grep -q "<$element>" <<<"$effective" || { echo "$artifact: its pom has no <$element>" >&2; failed=1; }
  done
  if [ "$artifact" != ocisi-parent ]; then
    for suffix in .jar -sources.jar -javadoc.jar; do
      ls "$dir"/*"$suffix" >/dev/null 2>&1 || { echo "$artifact: no *$suffix" >&2; failed=1; }
    done
  fi
  echo "$artifact: $(cd "$dir" && ls | grep -v -e maven-metadata -e '\.md5$' -e '\.sha1$' | sed 's/.*-[0-9]\{8\}\.[0-9]\{6\}-[0-9]*//' | tr '\n' ' ')"
done
find "$out" -path '*ocisi-examples*' | grep -q . && { echo "ocisi-examples was published: it must not be" >&2; failed=1; }
exit $failed
