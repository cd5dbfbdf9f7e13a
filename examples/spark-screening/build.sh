#!/usr/bin/env bash
# Builds the Spark screening example: installs facial-cds 0.1.0 into ~/.m2 from a private copy of this
# repository (the repository's own target/ stays untouched for other builds), then packages
# target/spark-screening.jar (the jar for spark-submit). Extra arguments go to the example's Maven build,
# e.g. ./build.sh -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
copy="$(mktemp -d "${TMPDIR:-/tmp}/facial-cds-lib.XXXXXX")"
trap 'rm -rf "$copy"' EXIT

tar -C "$repo" --exclude=./.git --exclude=./target --exclude=./facial-cds-data --exclude=./examples/spark-screening \
    -cf - . | tar -C "$copy" -xf -
echo "build.sh: installing facial-cds from a copy of $repo" >&2
(cd "$copy" && mvn -q -B install -DskipTests)

echo "build.sh: packaging $here" >&2
mvn -q -B -f "$here/pom.xml" package "$@"
ls -l "$here/target/spark-screening.jar" >&2
