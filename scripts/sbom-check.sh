#!/usr/bin/env bash
# The bills of materials process wrote (target/ocisi/sbom), checked against SPDX's own validator and the images
# themselves (docs/trust.md): each document valid by tools-java's Verify; for an image with dpkg, its packages exactly
# what dpkg-query lists installed in the image, and those it marks as added exactly the difference from its parent's.
# Run by workstation-check.sh on the example as the demo built it, with the user's podman.
#
# Usage: sbom-check.sh SBOM_FOLDER TOOLS_JAVA_JAR
set -euo pipefail
folder=$1
jar=$2
[ -f "$jar" ] || { echo "sbom-check: no $jar (the build fetches it: mvn -pl ocisi-core test-compile)" >&2; exit 1; }
command -v jq >/dev/null || { echo "sbom-check: needs jq (apt-get install jq)" >&2; exit 1; }

# "name version architecture" of each package installed in the image, sorted
dpkg_query() {
  podman run --rm --network none --entrypoint dpkg-query "$1" --show \
    --showformat '${db:Status-Status} ${Package} ${Version} ${Architecture}\n' | sed -n 's/^installed //p' | LC_ALL=C sort
}

# the same of the packages the document lists; with "added", of those it says the image adds
listed() {
  jq -r --arg only "$2" '.packages[] | select(.externalRefs)
    | select($only == "" or ((.comment // "") | startswith("added by this image")))
    | "\(.name) \(.versionInfo) \(.externalRefs[0].referenceLocator | capture("[?&]arch=(?<a>[^&]*)").a)"' "$1" |
    LC_ALL=C sort
}

failed=0 documents=0 compared=0
for doc in "$folder"/*.spdx.json; do
  [ -e "$doc" ] || break
  documents=$((documents + 1))
  if ! out=$(java -DSPDXParser.OnlyUseLocalLicenses=true -jar "$jar" Verify "$doc" 2>&1) ||
    ! grep -q 'This SPDX Document is valid.' <<<"$out"; then
    echo "sbom-check: $doc is not valid SPDX:" >&2
    grep -v '^\s*at \|^\.\.\.' <<<"$out" | tail -20 >&2
    failed=1
    continue
  fi
  jq -e '.creationInfo.comment | startswith("Packages as the image'"'"'s dpkg")' "$doc" >/dev/null || continue
  image=$(jq -r '.packages[] | select(.SPDXID == "SPDXRef-Image") | .versionInfo' "$doc")
  parent=$(jq -r '.packages[] | select(.SPDXID == "SPDXRef-Parent") | .versionInfo' "$doc")
  installed=$(dpkg_query "$image")
  if [ "$(listed "$doc" "")" != "$installed" ]; then
    echo "sbom-check: $doc does not list what dpkg-query lists in $image:" >&2
    diff <(listed "$doc" "") <(echo "$installed") | head -20 >&2
    failed=1
  fi
  expected=$installed
  [ -z "$parent" ] || expected=$(LC_ALL=C comm -23 <(echo "$installed") <(dpkg_query "$parent"))
  if [ "$(listed "$doc" added)" != "$expected" ]; then
    echo "sbom-check: $doc's added packages are not the difference from its parent $parent:" >&2
    diff <(listed "$doc" added) <(echo "$expected") | head -20 >&2
    failed=1
  fi
  compared=$((compared + 1))
done
[ "$documents" -gt 0 ] || { echo "sbom-check: no document in $folder" >&2; exit 1; }
[ "$failed" = 0 ] || exit 1
echo "sbom: $documents documents valid by SPDX's tools-java; $compared with dpkg listed exactly what dpkg-query lists" \
  "in the image, and as added exactly what their parent lacks"
