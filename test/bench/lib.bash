# Set-up shared by the benchmark scripts: build, revision, work directory, throwaway cluster.
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/common.sh"

# bench_option "$@": takes the options every benchmark has (--port N, --dir DIR, --no-build,
# --keep, and --no-docs and --tables N, which tools/bench passes to all of them) into port, dir,
# build, keep; sets bench_shift to the words it used, 0 when $1 is none of them.
bench_option() {
  bench_shift=1
  case $1 in
    --port) port=$2; bench_shift=2 ;;
    --dir) dir=$2; bench_shift=2 ;;
    --no-build) build=no ;;
    --keep) keep=yes ;;
    --no-docs) ;;  # none of these writes docs/benchmarks.md
    --tables) echo "note: --tables does not apply to $0 (ignored)"; bench_shift=2 ;;
    *) bench_shift=0 ;;
  esac
}

# bench_start NAME [postgresql.conf lines...]
# Reads build (yes|no), dir (empty: a new directory), keep (yes|no), port and database; builds
# and installs the tree unless build=no; sets revision (what is measured) and work (the cluster's
# directory, removed at exit unless keep=yes); starts the cluster with the given settings.
bench_start() {
  local name=$1
  shift
  if [ "$build" = yes ]; then
    steward_install_dependencies
    steward_build_install
  fi
  revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if ! git diff --quiet HEAD -- src 2>/dev/null ||
    [ -n "$(git ls-files --others --exclude-standard -- src 2>/dev/null)" ]; then
    revision="$revision + uncommitted changes under src/"
  fi
  [ "$build" = yes ] || revision="$revision (--no-build: whatever was installed)"
  echo "pg_steward revision: $revision"

  if [ -n "${dir:-}" ]; then
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
      echo "--dir $dir exists and is not empty: refusing to use it" >&2
      exit 2
    fi
    mkdir -p "$dir"
    work=$(cd "$dir" && pwd)
  else
    work=$(mktemp -d "/tmp/pg_steward_$name.XXXXXX")
  fi
  chmod 755 "$work"
  trap bench_cleanup EXIT

  steward_log "starting a throwaway cluster in $work (port $port)"
  steward_cluster_start "$work" "$port" "$@"
}

bench_cleanup() {
  steward_cluster_stop "$work" || true
  if [ "$keep" = yes ]; then
    echo "cluster kept; start it with: $STEWARD_PG_BIN/pg_ctl -D $work/data start (as ${PGUSER:-$STEWARD_OS_USER}),"
    echo "then: PGHOST=$work PGPORT=$port psql -U ${PGUSER:-$STEWARD_OS_USER} $database"
  else
    rm -rf "$work"
  fi
}
