# containers/image's own sigstore signing and verification, for the tests: Debian 12's podman and skopeo are built with
# it cut out ("Debian-local change: sigstore disabled"); Debian 13's skopeo (1.18, containers/image 5.34, the library
# Fedora's podman verifies with) has it. Its package and the libraries it links against (it needs glibc 2.38) are
# unpacked from Debian 13 into a folder (scripts/debs.sh: apt checks them against the archive's signed lists) and run
# through that glibc's own loader; nothing is installed. Sourced by the other scripts:
#   sigstore_skopeo_install FOLDER   prints the launcher's path (FOLDER/bin/skopeo), unpacking it if needed

sigstore_skopeo_install() {
  local folder=$1 package libs
  if [ ! -x "$folder/bin/skopeo" ]; then
    source "$(dirname "${BASH_SOURCE[0]}")/debs.sh"
    rm -rf "$folder.new" && mkdir -p "$folder.new/lib" "$folder.new/bin" "$folder.new/packages"
    for package in skopeo libc6 libgpgme11t64 libassuan9 libgpg-error0 libsqlite3-0; do
      debs_unpack "$package" trixie "$folder.apt" "$folder.new/packages/$package" >/dev/null || return 1
    done
    for libs in "$folder.new"/packages/*/usr/lib/x86_64-linux-gnu "$folder.new"/packages/*/lib/x86_64-linux-gnu; do
      [ -d "$libs" ] && cp -a "$libs/." "$folder.new/lib/"
    done
    printf '#!/bin/sh\n# skopeo from Debian 13 with its own glibc, unpacked by ocisi'"'"'s scripts/sigstore-skopeo.sh\nexec "%s/lib/ld-linux-x86-64.so.2" --library-path "%s/lib" "%s/packages/skopeo/usr/bin/skopeo" "$@"\n' \
      "$folder" "$folder" "$folder" >"$folder.new/bin/skopeo"
    chmod 0755 "$folder.new/bin/skopeo"
    rm -rf "$folder" "$folder.apt" && mv "$folder.new" "$folder"
  fi
  echo "$folder/bin/skopeo"
}
