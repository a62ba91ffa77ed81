#!/usr/bin/env bash
set -euo pipefail
exec "$(dirname -- "${BASH_SOURCE[0]}")/kafka-run-class.sh" io.zkafka.tools.AclCommand "$@"
