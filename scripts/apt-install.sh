#!/usr/bin/env bash
# Installs Debian packages unless a command they provide is already on PATH.
#
#   scripts/apt-install.sh COMMAND PACKAGE...
#
# For the CI scripts' --install-tools: runs apt-get through sudo when not root (CI runners
# often are not), without recommended packages (qemu-system-arm's would pull in a desktop
# stack), and quietly unless it fails.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    echo "usage: $0 COMMAND PACKAGE..." >&2
    exit 2
fi
command=$1
shift
if command -v "$command" >/dev/null 2>&1; then
    exit 0
fi
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
fi
echo "installing $* (for $command)"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
command -v "$command" >/dev/null 2>&1 || {
    echo "apt-install: $* installed but $command is still not on PATH" >&2
    exit 1
}
