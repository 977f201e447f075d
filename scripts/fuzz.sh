#!/usr/bin/env bash
# Fuzzes one Jazzer target for the @FuzzTest's maxDuration (10 minutes), at low priority.
#   scripts/fuzz.sh tcp|websocket|token|token-mutation|seeds [extra mvn arguments]
# Findings are written to src/test/resources/<package>/<Class>Inputs/<method>/crash-*, where
# `mvn verify` replays them from then on; the growing corpus goes to <module>/.cifuzz-corpus/.
# See docs/SECURITY-FUZZING.md.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  tcp)            module=server; test='org.gridcast.server.net.TcpFramesFuzzTest#arbitraryBytes' ;;
  websocket)      module=server; test='org.gridcast.server.http.WebSocketFuzzTest#arbitraryBytesAfterUpgrade' ;;
  token)          module=server; test='org.gridcast.server.auth.TokenServiceFuzzTest#arbitraryStringsVerifyOnlyWhenSigned' ;;
  token-mutation) module=server; test='org.gridcast.server.auth.TokenServiceFuzzTest#validTokenChangedAnywhereIsRefused' ;;
  seeds)          module=seeds;  test='org.gridcast.seeds.SeedFileFuzzTest#arbitraryFile' ;;
  *) echo "usage: $0 tcp|websocket|token|token-mutation|seeds" >&2; exit 2 ;;
esac

# One fuzz test per JVM: Jazzer fuzzes only the first @FuzzTest it meets in fuzzing mode.
JAZZER_FUZZ=1 exec nice -n 10 mvn -o -B -pl "$module" -am test \
  -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=false "${@:2}"
