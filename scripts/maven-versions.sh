#!/usr/bin/env bash
# The plugin's prefix and help goal in a user's own project, as the README sets it up: a project that declares no
# plugin, a settings.xml with only <pluginGroup>dev.ocisi</pluginGroup>, and the plugin installed by ./mvnw install.
# Run on each supported Maven: 3.6.3 (the oldest), this machine's own, the pinned 3.9 (./mvnw) and 4.0.0-rc-5.
# Each run starts from an empty local repository holding only the plugin (as ./mvnw install put it into ~/.m2) and
# resolves the rest from Maven Central, as a new user's Maven does: what an older Maven resolves for a plugin (3.6.3's
# plexus-utils 1.1, ...) is never taken from a repository that earlier runs warmed. Maven distributions are fetched
# once from Maven Central into /var/tmp/ocisi-cache/maven.
# Usage: bash scripts/maven-versions.sh   (after ./mvnw install)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
cache=/var/tmp/ocisi-cache/maven
mkdir -p "$cache"
maven() { # VERSION: the mvn command of that version, fetched when missing
  local v=$1 dir=$cache/apache-maven-$1
  if [ ! -x "$dir/bin/mvn" ]; then
    curl -fsSL "https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/$v/apache-maven-$v-bin.tar.gz" \
      | tar -xz -C "$cache"
  fi
  echo "$dir/bin/mvn"
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/project/img"
cat >"$work/project/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>toolchains</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
</project>
POM
cat >"$work/project/ocisictl.yaml" <<'YAML'
defaults: {path: img, enabled: true}
images:
  - name: example-base
YAML
printf 'FROM scratch\n' >"$work/project/img/Containerfile.example-base"
cat >"$work/settings.xml" <<SETTINGS
<settings>
  <localRepository>$work/repository</localRepository>
  <pluginGroups>
    <pluginGroup>dev.ocisi</pluginGroup>
  </pluginGroups>
</settings>
SETTINGS

# the plugin and its group's prefix metadata, exactly as ./mvnw install left them, and nothing else
mkdir -p "$work/repository/dev"
cp -r "$HOME/.m2/repository/dev/ocisi" "$work/repository/dev/ocisi"

failed=0
for mvn in "$(maven 3.6.3)" "$(command -v mvn || true)" "$repo/mvnw" "$(maven 4.0.0-rc-5)"; do
  [ -n "$mvn" ] || continue
  version=$("$mvn" -B -v 2>/dev/null | sed -n 's/.*Apache Maven \([^ ]*\).*/\1/p' | head -1)
  for goal in "ocisi:list -Dall" "ocisi:help"; do
    # shellcheck disable=SC2086
    if out=$(cd "$work/project" && "$mvn" -B -ntp -s "$work/settings.xml" $goal 2>&1) \
        && grep -q -e 'example-base:latest' -e 'This plugin has [0-9]* goals' <<<"$out"; then
      echo "Maven $version: mvn $goal works by its prefix"
    else
      echo "Maven $version: mvn $goal FAILED:" >&2
      tail -20 <<<"$out" >&2
      failed=1
    fi
  done
done
echo "Maven's downloads for the four: $(du -sh "$work/repository" | cut -f1), into an empty local repository"
exit $failed
