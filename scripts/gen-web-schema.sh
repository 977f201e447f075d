#!/usr/bin/env bash
# Regenerates server/src/main/resources/web/js/schema.js, the H5 app's description of the wire
# protocol, from the compiled .proto descriptors (WebSchemaTest fails while it is stale).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl protocol compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -B -pl protocol dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=compile
java -cp "protocol/target/classes:$(cat "$cp_file")" org.gridcast.protocol.web.WebSchema \
     server/src/main/resources/web/js/schema.js
echo "wrote server/src/main/resources/web/js/schema.js"
