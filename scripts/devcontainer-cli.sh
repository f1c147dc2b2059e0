# The devcontainers CLI (the reference implementation of the spec, which VS Code's Dev Containers runs too), sourced
# by the other scripts: its package from the npm registry, pinned by the registry's own integrity hash and unpacked
# into a folder, with a `devcontainer` launcher beside it. It has no dependencies and needs only node (no npm): 0.89.0
# needs node 20, so with Debian 12's own node 18 the last release that runs there, 0.83.0, is taken.
#   devcontainer_cli_install FOLDER   prints the launcher's path (FOLDER/bin/devcontainer), installing it if needed

devcontainer_cli_install() {
  local folder=$1 major version integrity package
  command -v node >/dev/null || { echo "the devcontainers CLI needs node (apt-get install nodejs)" >&2; return 1; }
  major=$(node -p 'process.versions.node.split(".")[0]')
  if ((major >= 20)); then
    version=0.89.0
    integrity=sha512-LzaoOGKQ/Zql6PsiZ4hVIYVZagzWkD65aG/1ou5/Kly5Y1PtjLg1yn7qu+LZCzVoAl6DZZ/pbz8qOO4RLNlqMg==
  elif ((major >= 18)); then
    version=0.83.0
    integrity=sha512-F5imPWyugs1rpsIStcI8lGCLb+KI69RBqHCmIBeYdG7aTczn6U6zr5iC6ZR1Y6Nb2TEz/LfQw1xJzaabSetaPg==
  else
    echo "the devcontainers CLI needs node 18 or newer; this machine has $(node --version)" >&2
    return 1
  fi
  package=$folder/cli-$version
  if [ ! -f "$package/devcontainer.js" ]; then
    mkdir -p "$folder"
    curl -fsSL "https://registry.npmjs.org/@devcontainers/cli/-/cli-$version.tgz" -o "$folder/cli-$version.tgz" || {
      echo "cannot fetch @devcontainers/cli $version from the npm registry" >&2
      return 1
    }
    if [ "sha512-$(openssl dgst -sha512 -binary "$folder/cli-$version.tgz" | base64 -w0)" != "$integrity" ]; then
      rm -f "$folder/cli-$version.tgz"
      echo "@devcontainers/cli $version from the npm registry does not have the integrity hash it is pinned by" >&2
      return 1
    fi
    rm -rf "$package.new" && mkdir -p "$package.new"
    tar -xzf "$folder/cli-$version.tgz" -C "$package.new" --strip-components=1
    rm -f "$folder/cli-$version.tgz"
    rm -rf "$package" && mv "$package.new" "$package"
  fi
  mkdir -p "$folder/bin"
  printf '#!/bin/sh\n# @devcontainers/cli %s, unpacked by ocisi'"'"'s scripts/devcontainer-cli.sh\nexec node "%s/devcontainer.js" "$@"\n' \
    "$version" "$package" >"$folder/bin/devcontainer"
  chmod 0755 "$folder/bin/devcontainer"
  echo "$folder/bin/devcontainer"
}
