#!/usr/bin/env bash
# Prints one field of a fixture image's truth file: scripts/truth.sh IMAGE KEY
set -euo pipefail
sed -n "s/.*\"$2\": *\"\([^\"]*\)\".*/\1/p" "$1.truth.json" | head -n 1
